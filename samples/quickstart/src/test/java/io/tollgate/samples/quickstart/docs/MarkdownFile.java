package io.tollgate.samples.quickstart.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Markdown page of the repository, read as GitHub renders it, as far as the docs tests need: its fenced code
 * blocks (with their language and line), its headings' anchors (GitHub's rules), its links and its inline code spans
 * outside code blocks.
 */
final class MarkdownFile {

    /** A fenced code block: its language (the info string's first word, lower case, "" for none), its lines. */
    record CodeBlock(MarkdownFile file, int line, String language, List<String> lines) {

        /** Where the block starts, as {@code docs/quickstart.md:42} (the fence's line). */
        String where() {
            return file.name() + ":" + line;
        }
    }

    /** A link {@code [text](target)} of the page (images too), with its line. */
    record Link(int line, String target) {
    }

    /** An inline code span outside code blocks, with its line. */
    record CodeSpan(int line, String code) {
    }

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private final Path root;
    private final Path path;
    private final List<CodeBlock> blocks = new ArrayList<>();
    private final Set<String> anchors = new LinkedHashSet<>();
    private final List<Link> links = new ArrayList<>();
    private final List<CodeSpan> codeSpans = new ArrayList<>();

    private MarkdownFile(Path root, Path path) {
        this.root = root;
        this.path = path;
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parse(lines);
    }

    /** The repository's documentation: {@code README.md}, then every page under {@code docs/}, in path order. */
    static List<MarkdownFile> documentation(Path root) {
        List<MarkdownFile> files = new ArrayList<>();
        files.add(new MarkdownFile(root, root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted()
                    .forEach(p -> files.add(new MarkdownFile(root, p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The page at {@code path} (any Markdown file). */
    static MarkdownFile read(Path root, Path path) {
        return new MarkdownFile(root, path);
    }

    /** The repository's root: the directory above the samples that holds {@code mvnw} and {@code README.md}. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md"))
                && Files.isDirectory(dir.resolve("samples")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    Path path() {
        return path;
    }

    /** The page's path from the repository's root, with forward slashes. */
    String name() {
        return root.relativize(path).toString().replace('\\', '/');
    }

    List<CodeBlock> blocks() {
        return blocks;
    }

    Set<String> anchors() {
        return anchors;
    }

    List<Link> links() {
        return links;
    }

    List<CodeSpan> codeSpans() {
        return codeSpans;
    }

    private void parse(List<String> lines) {
        Map<String, Integer> slugs = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                int indent = fence.group(1).length();
                String marker = fence.group(2);
                List<String> content = new ArrayList<>();
                int start = i + 1;
                i++;
                while (i < lines.size() && !isClosing(lines.get(i), marker)) {
                    String body = lines.get(i);
                    int strip = 0;
                    while (strip < indent && strip < body.length() && body.charAt(strip) == ' ') {
                        strip++;
                    }
                    content.add(body.substring(strip));
                    i++;
                }
                blocks.add(new CodeBlock(this, start, fence.group(3).toLowerCase(Locale.ROOT), List.copyOf(content)));
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int seen = slugs.merge(slug, 1, Integer::sum);
                anchors.add(seen == 1 ? slug : slug + "-" + (seen - 1));
            }
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                codeSpans.add(new CodeSpan(i + 1, span.group(2).strip()));
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(i + 1, link.group(2)));
            }
        }
    }

    private static boolean isClosing(String line, String marker) {
        String stripped = line.strip();
        return stripped.length() >= marker.length() && stripped.chars().allMatch(c -> c == marker.charAt(0));
    }

    /**
     * A heading's anchor as GitHub makes it: the rendered text (links as their text, code and emphasis marks
     * dropped) in lower case, without punctuation other than hyphens and underscores, spaces as hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
