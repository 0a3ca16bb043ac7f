package io.tollgate.samples.quickstart.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relative links of {@code README.md} and {@code docs/}: each names a file or directory that exists, and each
 * {@code #anchor} (into a page or within it) a heading of that page, as GitHub makes anchors. {@code docs/configuration.md}
 * is generated elsewhere: while it is absent, links to it (and its anchors) are let through, and counted.
 */
class DocsLinksTest {

    private static final Path ROOT = MarkdownFile.repositoryRoot();
    private static final String GENERATED = "docs/configuration.md";

    @Test
    void everyRelativeLinkResolves() {
        List<MarkdownFile> files = MarkdownFile.documentation(ROOT);
        Map<Path, MarkdownFile> pages = new HashMap<>();
        files.forEach(f -> pages.put(f.path().normalize(), f));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        int toGenerated = 0;
        for (MarkdownFile file : files) {
            for (MarkdownFile.Link link : file.links()) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = pathPart.isEmpty() ? file.path() : file.path().getParent().resolve(pathPart).normalize();
                String where = file.name() + ":" + link.line() + " (" + target + ")";
                if (!resolved.startsWith(ROOT)) {
                    broken.add(where + ": outside the repository");
                    continue;
                }
                boolean generated = ROOT.relativize(resolved).toString().replace('\\', '/').equals(GENERATED);
                if (!Files.exists(resolved)) {
                    if (generated) {
                        toGenerated++;
                    } else {
                        broken.add(where + ": no such file");
                    }
                    continue;
                }
                if (anchor != null && !anchor.isEmpty()) {
                    MarkdownFile page = pages.computeIfAbsent(resolved, p -> MarkdownFile.read(ROOT, p));
                    if (!resolved.toString().endsWith(".md")) {
                        broken.add(where + ": an anchor into a file that is not Markdown");
                    } else if (!page.anchors().contains(anchor)) {
                        broken.add(where + ": no heading with that anchor in " + page.name());
                    }
                }
            }
        }
        assertThat(broken).as("broken links (" + checked + " relative links checked, " + toGenerated
                + " to the absent " + GENERATED + ")").isEmpty();
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void theIndexLinksEveryPage() {
        MarkdownFile index = MarkdownFile.read(ROOT, ROOT.resolve("docs/README.md"));
        Set<Path> linked = index.links().stream().map(MarkdownFile.Link::target)
                .filter(t -> !t.contains(":"))
                .map(t -> ROOT.resolve("docs").resolve(t.contains("#") ? t.substring(0, t.indexOf('#')) : t).normalize())
                .collect(Collectors.toSet());
        List<String> missing = MarkdownFile.documentation(ROOT).stream()
                .filter(f -> f.name().startsWith("docs/") && !f.name().equals("docs/README.md"))
                .filter(f -> !linked.contains(f.path().normalize()))
                .map(MarkdownFile::name).toList();
        assertThat(missing).as("pages docs/README.md does not link").isEmpty();
        assertThat(linked).as("the index links the configuration reference").contains(ROOT.resolve(GENERATED));
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(MarkdownFile.slug("The edge: framing, timeouts and connection limits"))
                .isEqualTo("the-edge-framing-timeouts-and-connection-limits");
        assertThat(MarkdownFile.slug("Parameter mappings (HTTP proxy integrations)"))
                .isEqualTo("parameter-mappings-http-proxy-integrations");
        assertThat(MarkdownFile.slug("`$default` and `{proxy+}`")).isEqualTo("default-and-proxy");
        assertThat(MarkdownFile.slug("Testing templates: the template test kit")).isEqualTo("testing-templates-the-template-test-kit");
        assertThat(MarkdownFile.slug("API keys & usage_plans, [linked](x.md)")).isEqualTo("api-keys--usage_plans-linked");
    }

    @Test
    void theReadmeStaysWhatANewcomerReadsFirst() throws Exception {
        assertThat(Files.size(ROOT.resolve("README.md"))).as("README.md's size in bytes").isLessThan(15_000);
    }
}
