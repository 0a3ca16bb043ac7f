package io.tollgate.core.mapping;

import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the directive a template leaves open. Velocity's parser reports a missing {@code #end} or {@code )} where the
 * template ends, which says nothing of which {@code #if} or {@code #foreach} is open; this scan names it. It reads
 * the template as Velocity's lexer does where it matters: comments ({@code ##}, {@code #* *#}), unparsed blocks
 * ({@code #[[ ]]#}), escaped directives ({@code \#if}), braced names ({@code #{if}}) and string literals inside a
 * directive's arguments. Used only to explain a template that failed to parse.
 */
final class TemplateDirectives {

    /** A directive left open: its name as written ({@code #if}, {@code #@block}) and where it starts (1-based). */
    record Open(String directive, int line, int column, boolean argumentsClosed) {

        /** What is missing, in one sentence. */
        String describe() {
            return argumentsClosed ? directive + " has no #end" : directive + "( has no closing ')'";
        }
    }

    private final String source;
    private int index;

    private TemplateDirectives(String source) {
        this.source = source;
    }

    /** The innermost directive {@code source} leaves open, or null when every one is closed. */
    static @Nullable Open unclosed(String source) {
        return new TemplateDirectives(source).scan();
    }

    private @Nullable Open scan() {
        Deque<Open> open = new ArrayDeque<>();
        int length = source.length();
        while (index < length) {
            char c = source.charAt(index);
            if (c != '#' || escaped(index)) {
                index++;
                continue;
            }
            if (source.startsWith("##", index)) {
                skipPast("\n");
            } else if (source.startsWith("#*", index)) {
                skipPast("*#");
            } else if (source.startsWith("#[[", index)) {
                skipPast("]]#");
            } else {
                int start = index;
                String name = directiveName();
                if (name == null) {
                    index = start + 1;
                } else if (name.equals("end")) {
                    open.pollFirst();
                } else if (opensBlock(name)) {
                    int afterName = index;
                    skipSpaces();
                    if (index < length && source.charAt(index) == '(') {
                        boolean closed = skipArguments();
                        Open directive = at(start, "#" + name, closed);
                        if (!closed) {
                            return directive;
                        }
                        open.push(directive);
                    } else {
                        index = afterName;
                    }
                }
            }
        }
        return open.peekFirst();
    }

    private static boolean opensBlock(String name) {
        return name.equals("if") || name.equals("foreach") || name.equals("macro") || name.equals("define")
                || name.startsWith("@");
    }

    /** Reads {@code #name} or {@code #{name}} at {@link #index}; null (index unchanged) when there is none. */
    private @Nullable String directiveName() {
        int i = index + 1;
        boolean braced = i < source.length() && source.charAt(i) == '{';
        if (braced) {
            i++;
        }
        int nameStart = i;
        if (i < source.length() && source.charAt(i) == '@') {
            i++;
        }
        if (i >= source.length() || !Character.isLetter(source.charAt(i))) {
            return null;
        }
        while (i < source.length() && isNameChar(source.charAt(i))) {
            i++;
        }
        String name = source.substring(nameStart, i);
        if (braced) {
            if (i >= source.length() || source.charAt(i) != '}') {
                return null;
            }
            i++;
        }
        index = i;
        return name;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    /** Skips a directive's parenthesised arguments, strings included; false when the template ends inside them. */
    private boolean skipArguments() {
        int depth = 0;
        while (index < source.length()) {
            char c = source.charAt(index++);
            if (c == '"' || c == '\'') {
                int close = source.indexOf(c, index);
                if (close < 0) {
                    index = source.length();
                    return false;
                }
                index = close + 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return true;
            }
        }
        return false;
    }

    private void skipSpaces() {
        while (index < source.length() && Character.isWhitespace(source.charAt(index))) {
            index++;
        }
    }

    private void skipPast(String end) {
        int found = source.indexOf(end, index + 2);
        index = found < 0 ? source.length() : found + end.length();
    }

    /** Whether the {@code #} at {@code at} is escaped: an odd number of backslashes before it. */
    private boolean escaped(int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && source.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private Open at(int offset, String directive, boolean argumentsClosed) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Open(directive, line, offset - lineStart + 1, argumentsClosed);
    }
}
