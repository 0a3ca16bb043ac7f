package io.tollgate.samples.quickstart.docs;

import io.tollgate.samples.quickstart.QuickstartApplication;
import io.tollgate.samples.quickstart.docs.CurlExample.Command;
import io.tollgate.samples.quickstart.docs.CurlExample.Expectation;
import io.tollgate.testsupport.RedisAvailable;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every curl example of {@code README.md} and {@code docs/}, run against the quickstart and checked against the result
 * it shows, so no example can rot (the conventions are {@link CurlExample}'s). Each shell block that runs curl is one
 * test, run as a bash script with the real {@code curl}: shell variables, pipes and loops work as in the reader's
 * terminal. {@code localhost:8080} (or the port a block names) becomes the port of a quickstart this test started with
 * the block's arguments, as {@code java -jar samples/quickstart/target/quickstart.jar ARGS} would; blocks that want the
 * same arguments share one instance, in the order of the pages. A {@code curl} on the PATH (a shim in front of the real
 * one) records each response's head, so the test knows the status of each command's last response.
 *
 * <p>Several quickstarts run in this JVM, and are closed only at its exit (closing one would dispose Reactor Netty's
 * global resources, which the others use): this class runs in the surefire execution of its own JVM with the other
 * instance tests. Without {@code curl} or {@code bash} the examples fail on CI ({@code CI=true}, where {@code .ci/run}
 * installs curl) and are skipped elsewhere.
 */
class DocsCurlExamplesTest {

    /**
     * The curl blocks the test cannot run, by page and reason (the {@code # not checked:} marker): a new one fails this
     * test until it is listed here, with its reason.
     */
    static final List<String> NOT_CHECKED = List.of(
            "docs/recipes/securing-the-actuator.md: needs an application with Spring Security (the quickstart has none)");

    /**
     * Inline {@code curl} code spans outside code blocks, which the test cannot check: each is listed here, and any
     * other fails the test (write it as a checked example in a shell block).
     */
    static final List<String> INLINE_CURLS = List.of(
            "README.md: curl -i localhost:8080/shop/orders/1");

    private static final Pattern PORT = Pattern.compile("\\b(localhost|127\\.0\\.0\\.1):(\\d{2,5})\\b");
    private static final Pattern MARK = Pattern.compile("\n\u001e(-?\\d+)\u001e\n");
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/[0-9.]+ (\\d{3})");
    private static final int DEFAULT_PORT = 8080;

    private static final Path ROOT = MarkdownFile.repositoryRoot();
    private static final Map<String, Instance> INSTANCES = new HashMap<>();
    private static final String REDIS_PREFIX = "tollgate-docs-" + UUID.randomUUID() + ":";

    /** A quickstart started for the examples: the port the docs call it on, and the one it serves on. */
    private record Instance(int docPort, int port, ConfigurableApplicationContext context) {
    }

    /** What a command did: its output, its exit status, the heads of the responses its curls received. */
    private record Ran(String output, int exit, String heads) {
    }

    /**
     * The curl examples of every page, in order. The quickstart a block names holds for the page's following blocks
     * too, until another block names one.
     */
    private static List<CurlExample> examples() {
        List<CurlExample> examples = new ArrayList<>();
        for (MarkdownFile file : MarkdownFile.documentation(ROOT)) {
            List<String> current = List.of();
            for (CurlExample example : CurlExample.of(file)) {
                if (example.instances().isEmpty()) {
                    example.instances().addAll(current);
                } else {
                    current = List.copyOf(example.instances());
                }
                examples.add(example);
            }
        }
        return examples;
    }

    @TestFactory
    Stream<DynamicTest> everyCurlExampleShowsWhatItGets() {
        List<CurlExample> examples = examples();
        assertThat(examples).as("curl examples in README.md and docs/").hasSizeGreaterThan(10);
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.where(), () -> run(example)));
    }

    @Test
    void theExamplesNotCheckedAreKnownWithTheirReasons() {
        List<String> notChecked = examples().stream().filter(e -> e.notChecked() != null)
                .map(e -> e.block().file().name() + ": " + e.notChecked()).toList();
        assertThat(notChecked).containsExactlyInAnyOrderElementsOf(NOT_CHECKED);
    }

    @Test
    void everyCurlIsInAShellBlockTheTestRuns() {
        List<String> elsewhere = new ArrayList<>();
        List<String> inline = new ArrayList<>();
        for (MarkdownFile file : MarkdownFile.documentation(ROOT)) {
            for (MarkdownFile.CodeBlock block : file.blocks()) {
                if (!CurlExample.SHELL.contains(block.language()) && !block.language().equals("text")
                        && CurlExample.runsCurl(block.lines())) {
                    elsewhere.add(block.where() + " (```" + block.language() + ")");
                }
            }
            for (MarkdownFile.CodeSpan span : file.codeSpans()) {
                // a command against a server, not a mention of an option (`curl -i`)
                if (span.code().startsWith("curl ") && (span.code().contains("localhost") || span.code().contains("://"))) {
                    inline.add(file.name() + ": " + span.code());
                }
            }
        }
        assertThat(elsewhere).as("curl in blocks that are not sh (the test runs sh, bash and shell blocks)").isEmpty();
        assertThat(inline).as("inline curl commands (not checked: show them in a sh block)")
                .containsExactlyInAnyOrderElementsOf(INLINE_CURLS);
    }

    private static void run(CurlExample example) throws IOException, InterruptedException {
        assertThat(example.problems()).as(example.where() + ": the example's form").isEmpty();
        if (example.notChecked() != null) {
            Assumptions.abort("not checked: " + example.notChecked());
        }
        Path curl = require("curl");
        Path bash = require("bash");
        Map<Integer, Integer> ports = new HashMap<>();
        for (String arguments : example.instances().isEmpty() ? List.of("") : example.instances()) {
            Instance instance = instance(arguments);
            if (ports.put(instance.docPort(), instance.port()) != null) {
                throw new AssertionError(example.where() + ": two quickstarts on port " + instance.docPort());
            }
        }
        List<Ran> results = execute(example, curl, bash, ports);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < example.commands().size(); i++) {
            Command command = example.commands().get(i);
            Ran ran = results.get(i);
            String what = example.block().file().name() + ":" + command.line() + " `" + command.text() + "`";
            what += " (exit status " + ran.exit() + ")";
            Expectation expected = command.expectation();
            if (expected.status() != null) {
                Matcher status = STATUS_LINE.matcher(ran.heads());
                String last = null;
                while (status.find()) {
                    last = status.group(1);
                }
                softly.assertThat(last).as(what + " status (heads received: " + ran.heads() + ")")
                        .isEqualTo(String.valueOf(expected.status()));
            }
            if (expected.output() != null) {
                String output = expected.whole() ? ran.output() : ShownOutput.body(ran.output());
                softly.assertThat(ShownOutput.matches(expected.output(), output))
                        .as(what + "\n  shows:  " + expected.output() + "\n  output: " + output).isTrue();
            }
        }
        softly.assertAll();
    }

    /** Runs the block as one bash script, each command after a marker, and splits what it printed by command. */
    private static List<Ran> execute(CurlExample example, Path curl, Path bash, Map<Integer, Integer> ports)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "docs-examples")).toAbsolutePath(),
                "example-");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path shim = bin.resolve("curl");
        Files.writeString(shim, """
                #!/usr/bin/env bash
                # the docs test's curl: the real one, quiet but for errors, bounded, its response heads recorded
                head=$(mktemp "$TOLLGATE_DOC_DIR/head.XXXXXX")
                "$TOLLGATE_REAL_CURL" -sS --max-time 30 -D "$head" "$@"
                status=$?
                cat "$head" >> "$TOLLGATE_DOC_DIR/heads.${TOLLGATE_DOC_COMMAND:-none}"
                rm -f "$head"
                exit $status
                """);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        // as the reader's shell runs it: bash's defaults (no errexit, no pipefail); what shows is what is checked
        StringBuilder script = new StringBuilder();
        List<Command> commands = example.commands();
        for (int i = 0; i < commands.size(); i++) {
            script.append("printf '\\n\\036%d\\036\\n' ").append(i).append('\n')
                    .append("export TOLLGATE_DOC_COMMAND=").append(i).append('\n')
                    .append(rewritePorts(example, commands.get(i).text(), ports)).append('\n')
                    .append("echo $? > \"$TOLLGATE_DOC_DIR/exit.").append(i).append("\"\n");
        }
        script.append("printf '\\n\\036end\\036\\n'\n");
        Path file = dir.resolve("example.sh");
        Files.writeString(file, script);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(bash.toString(), file.toString()).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("TOLLGATE_DOC_DIR", dir.toString());
        builder.environment().put("TOLLGATE_REAL_CURL", curl.toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(example.where() + ": still running after 2 minutes; stderr: " + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        Map<Integer, String> outputs = new LinkedHashMap<>();
        String marked = stdout.replace("\n\u001eend\u001e\n", "\n\u001e-1\u001e\n");
        Matcher mark = MARK.matcher(marked);
        int previous = -1;
        int from = 0;
        while (mark.find()) {
            if (previous >= 0) {
                outputs.put(previous, marked.substring(from, mark.start()));
            }
            previous = Integer.parseInt(mark.group(1));
            from = mark.end();
        }
        List<Ran> results = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Path exit = dir.resolve("exit." + i);
            Path heads = dir.resolve("heads." + i);
            if (!outputs.containsKey(i) || !Files.exists(exit)) {
                throw new AssertionError(example.where() + ": command " + (i + 1) + " did not run; stdout: " + stdout
                        + "; stderr: " + Files.readString(err));
            }
            results.add(new Ran(outputs.get(i), Integer.parseInt(Files.readString(exit).strip()),
                    Files.exists(heads) ? Files.readString(heads) : ""));
        }
        return results;
    }

    private static String rewritePorts(CurlExample example, String command, Map<Integer, Integer> ports) {
        Matcher matcher = PORT.matcher(command);
        StringBuilder rewritten = new StringBuilder();
        while (matcher.find()) {
            Integer port = ports.get(Integer.parseInt(matcher.group(2)));
            if (port == null) {
                throw new AssertionError(example.where() + ": '" + matcher.group() + "' is not a quickstart the block"
                        + " names (a comment line: # " + CurlExample.QUICKSTART + " --server.port=...)");
            }
            matcher.appendReplacement(rewritten, Matcher.quoteReplacement(matcher.group(1) + ":" + port));
        }
        matcher.appendTail(rewritten);
        return rewritten.toString();
    }

    /** The quickstart started with these arguments (one per distinct arguments), its port replaced by a free one. */
    private static synchronized Instance instance(String arguments) {
        Instance running = INSTANCES.get(arguments);
        if (running != null) {
            return running;
        }
        List<String> args = new ArrayList<>(arguments.isBlank() ? List.of() : Arrays.asList(arguments.split("\\s+")));
        int docPort = DEFAULT_PORT;
        for (String arg : List.copyOf(args)) {
            if (arg.startsWith("--server.port=")) {
                docPort = Integer.parseInt(arg.substring("--server.port=".length()));
                args.remove(arg);
            }
            if (arg.startsWith("--spring.profiles.active=") && Arrays.asList(arg.split("[=,]")).contains("redis")) {
                RedisAvailable.require();
            }
        }
        int port = TestSocketUtils.findAvailableTcpPort();
        args.add("--server.port=" + port);
        // test-only: Redis keys of their own (earlier runs and other builds share the Redis), the access log in target/
        args.add("--tollgate.usage.redis-prefix=" + REDIS_PREFIX);
        System.setProperty("TOLLGATE_ACCESS_LOG", Path.of("target", "docs-access.log").toAbsolutePath().toString());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(QuickstartApplication.class)
                .run(args.toArray(String[]::new));
        Instance started = new Instance(docPort, port, context);
        INSTANCES.put(arguments, started);
        return started;
    }

    /** The program on the PATH, or: on CI a failure, elsewhere the test skipped. */
    private static Path require(String program) {
        Optional<Path> found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = "'" + program + "' is not on the PATH, so the docs' curl examples cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ": CI=true, so they fail instead of being skipped (.ci/run installs curl)");
            }
            Assumptions.abort(message + ": skipping (set CI=true to fail instead)");
        }
        return found.get();
    }

    static {
        // fail early and clearly when run from elsewhere than the quickstart module's directory tree
        if (!Files.isDirectory(ROOT.resolve("docs"))) {
            throw new UncheckedIOException(new IOException("no docs/ in " + ROOT));
        }
    }
}
