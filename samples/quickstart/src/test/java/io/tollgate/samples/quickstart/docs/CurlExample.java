package io.tollgate.samples.quickstart.docs;

import io.tollgate.samples.quickstart.docs.MarkdownFile.CodeBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell code block of the docs that runs {@code curl}, read as the docs test runs it. The conventions, which keep the
 * block readable as a terminal session:
 * <ul>
 *   <li>Each command that runs {@code curl} shows its result in a comment after an arrow, on its own line (at its end)
 *       or on the next line: {@code # → 200 {"id":1,...}}. A leading three-digit number is the HTTP status of the
 *       command's last response; the rest is its output (with {@code curl -i}, the body after the head). Prose may
 *       come before the arrow ({@code # the pet → 200 ...}), never after it. Or the block's last command shows its whole
 *       output, head included, in a {@code text} block right after the block.</li>
 *   <li>{@code …} (or {@code ...}) in a shown result stands for anything: an id, a date, the rest of a body.</li>
 *   <li>A comment line {@code # java -jar samples/quickstart/target/quickstart.jar ARGS} says how the quickstart must
 *       run for the block and the page's following blocks (before any: no arguments, port 8080); a block may name
 *       several instances.</li>
 *   <li>A comment line {@code # not checked: REASON} marks a block the test cannot run; the test knows each.</li>
 * </ul>
 */
final class CurlExample {

    /** The languages of shell blocks. */
    static final Set<String> SHELL = Set.of("sh", "bash", "shell");

    /** What the test must start for a block: a quickstart with these arguments. */
    static final String QUICKSTART = "java -jar samples/quickstart/target/quickstart.jar";

    private static final Pattern CURL = Pattern.compile("(^|[\\s;|&($`])curl(\\s|$)");
    private static final Pattern STATUS = Pattern.compile("^(\\d{3})(?:\\s+(.*))?$", Pattern.DOTALL);
    private static final Pattern NOT_CHECKED = Pattern.compile("^not checked:\\s*(.+)$");

    /** One command of the block (continued lines joined), with what it must show. */
    record Command(int line, String text, boolean runsCurl, Expectation expectation) {
    }

    /**
     * What a command must show: its last response's status (null: not shown), its output (null: not shown), and whether
     * the output is the whole of it (a {@code text} block) or, after an {@code HTTP/} head, the body.
     */
    record Expectation(Integer status, String output, boolean whole) {

        static final Expectation NONE = new Expectation(null, null, false);

        boolean shown() {
            return status != null || output != null;
        }
    }

    private final CodeBlock block;
    private final List<Command> commands = new ArrayList<>();
    private final List<String> instances = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String notChecked;

    private CurlExample(CodeBlock block, CodeBlock shownOutput) {
        this.block = block;
        parse(shownOutput);
    }

    /** Whether a code block's lines run {@code curl} (outside comments). */
    static boolean runsCurl(List<String> lines) {
        for (String line : lines) {
            if (CURL.matcher(code(line)).find()) {
                return true;
            }
        }
        return false;
    }

    /** The curl examples of a page: its shell blocks that run curl, each with the {@code text} block after it, if any. */
    static List<CurlExample> of(MarkdownFile file) {
        List<CurlExample> examples = new ArrayList<>();
        List<CodeBlock> blocks = file.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            CodeBlock block = blocks.get(i);
            if (SHELL.contains(block.language()) && runsCurl(block.lines())) {
                CodeBlock next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
                boolean follows = next != null && next.language().equals("text")
                        && onlyBlankLinesBetween(file, block, next);
                examples.add(new CurlExample(block, follows ? next : null));
            }
        }
        return examples;
    }

    private static boolean onlyBlankLinesBetween(MarkdownFile file, CodeBlock block, CodeBlock next) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file.path());
            int closing = block.line() + block.lines().size(); // 0-based index of the closing fence
            for (int i = closing + 1; i < next.line() - 1; i++) {
                if (!lines.get(i).isBlank()) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    CodeBlock block() {
        return block;
    }

    String where() {
        return block.where();
    }

    List<Command> commands() {
        return commands;
    }

    /** The quickstarts the block wants, as the arguments after {@code java -jar ...quickstart.jar}; empty: the default. */
    List<String> instances() {
        return instances;
    }

    /** Why the test cannot run this block, or null when it runs it. */
    String notChecked() {
        return notChecked;
    }

    /** What is wrong with the block as an example (a curl without a shown result...): empty when nothing. */
    List<String> problems() {
        return problems;
    }

    private void parse(CodeBlock shownOutput) {
        List<String> lines = block.lines();
        List<int[]> starts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder text = new StringBuilder(lines.get(i));
            while (endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
                i++;
                text.append('\n').append(lines.get(i));
            }
            String logical = text.toString();
            int lineNumber = block.line() + 1 + first;
            String code = code(logical);
            String comment = comment(logical);
            if (code.isBlank()) {
                if (comment == null) {
                    continue;
                }
                String said = comment.strip();
                Matcher skip = NOT_CHECKED.matcher(said);
                if (said.startsWith(QUICKSTART)) {
                    if (!texts.isEmpty()) {
                        problems.add("line " + lineNumber + ": the quickstart to run is named before any command");
                    }
                    instances.add(said.substring(QUICKSTART.length()).strip());
                } else if (skip.matches()) {
                    notChecked = skip.group(1).strip();
                } else if (said.contains("→")) {
                    if (texts.isEmpty()) {
                        problems.add("line " + lineNumber + ": a shown result before any command");
                    } else if (expectations.get(expectations.size() - 1).shown()) {
                        problems.add("line " + lineNumber + ": a second shown result for one command");
                    } else {
                        expectations.set(expectations.size() - 1, inline(said.substring(said.indexOf('→'))));
                    }
                }
                continue;
            }
            starts.add(new int[]{lineNumber});
            texts.add(logical);
            int arrow = comment == null ? -1 : comment.indexOf('→');
            expectations.add(arrow < 0 ? Expectation.NONE : inline(comment.substring(arrow)));
        }
        if (shownOutput != null && !expectations.isEmpty()) {
            int last = expectations.size() - 1;
            if (expectations.get(last).shown()) {
                problems.add("line " + starts.get(last)[0] + ": the command shows its result both after an arrow and in"
                        + " the text block after the block");
            } else {
                expectations.set(last, new Expectation(null, String.join("\n", shownOutput.lines()), true));
            }
        }
        for (int i = 0; i < texts.size(); i++) {
            boolean curl = CURL.matcher(code(texts.get(i))).find();
            if (curl && !expectations.get(i).shown() && notChecked == null) {
                problems.add("line " + starts.get(i)[0] + ": a curl without a shown result (# → STATUS OUTPUT)");
            }
            commands.add(new Command(starts.get(i)[0], texts.get(i), curl, expectations.get(i)));
        }
    }

    private static Expectation inline(String arrowed) {
        String shown = arrowed.substring(1).strip();
        Matcher status = STATUS.matcher(shown);
        if (status.matches()) {
            String output = status.group(2);
            return new Expectation(Integer.parseInt(status.group(1)), output == null || output.isBlank() ? null : output,
                    false);
        }
        return new Expectation(null, shown, false);
    }

    private static boolean endsWithContinuation(String line) {
        String code = code(line);
        return comment(line) == null && code.endsWith("\\");
    }

    /** The line without its comment, as bash reads it: a {@code #} that starts a word outside quotes. */
    static String code(String line) {
        int at = commentStart(line);
        return at < 0 ? line : line.substring(0, at);
    }

    /** The comment's text after its {@code #}, or null. */
    static String comment(String line) {
        int at = commentStart(line);
        return at < 0 ? null : line.substring(at + 1);
    }

    private static int commentStart(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (single) {
                single = c != '\'';
            } else if (c == '\\' && i + 1 < line.length()) {
                i++;
            } else if (dbl) {
                dbl = c != '"';
            } else if (c == '\'') {
                single = true;
            } else if (c == '"') {
                dbl = true;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
