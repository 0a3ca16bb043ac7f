package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket API's selection expression, as Amazon API Gateway writes it ("WebSocket selection expressions"): static
 * text mixed with references to the message, {@code $request.body.action} or {@code ${request.body.action}}, several
 * of them in braces ({@code ${request.body.service}/${request.body.action}}); {@code \$} is a literal dollar sign
 * ({@code \$default} is the text {@code $default}), and a {@code $} that starts no reference is text too
 * ({@code $default}). A reference's path is a JSONPath below the body ({@code request.body.a.b[0]} reads
 * {@code $.a.b[0]}); {@code $request.body} alone is the whole message. Parsed once at startup.
 */
public record SelectionExpression(String text, List<Part> parts) {

    private static final String BODY = "request.body";

    public SelectionExpression {
        parts = List.copyOf(parts);
    }

    /** A piece of an expression: text, or a reference to the message. */
    public sealed interface Part {
    }

    /** Static text. */
    public record Text(String value) implements Part {
    }

    /** A value of the message: {@code jsonPath} ({@code $} for the whole message) in its JSON. */
    public record Body(String jsonPath) implements Part {
    }

    /** Whether the expression reads the message at all (else it evaluates to its text, whatever the message). */
    public boolean readsBody() {
        return parts.stream().anyMatch(Body.class::isInstance);
    }

    /**
     * Parses an expression, recording problems at {@code path}; returns {@code null} when it is invalid: empty, a
     * {@code ${} not closed, a reference to something other than the message (a header, the context: AWS's route
     * selection reads the message alone), or a path a JSONPath cannot be made of.
     */
    public static @Nullable SelectionExpression parse(@Nullable String text, String path, Problems problems) {
        if (text == null || text.isBlank()) {
            problems.add(path, "must not be empty");
            return null;
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            if (c != '$' || i + 1 >= text.length()) {
                literal.append(c);
                i++;
                continue;
            }
            String reference;
            int end;
            if (text.charAt(i + 1) == '{') {
                BracedReference braced = BracedReference.at(text, i, path, problems);
                if (braced == null) {
                    return null;
                }
                reference = braced.inside().trim();
                end = braced.end();
            } else if (text.startsWith(BODY, i + 1)) {
                // unbraced: the reference runs to the end, or to the next '$', '/' or space
                end = i + 1;
                while (end < text.length() && text.charAt(end) != '$' && text.charAt(end) != '/'
                        && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                reference = text.substring(i + 1, end);
            } else if (text.startsWith("request.", i + 1) || text.startsWith("context.", i + 1)
                    || text.startsWith("stageVariables.", i + 1)) {
                reference = text.substring(i + 1);
                end = text.length();
            } else {
                literal.append(c);
                i++;
                continue;
            }
            if (!reference.startsWith(BODY) && (reference.startsWith("request.") || reference.startsWith("context.")
                    || reference.startsWith("stageVariables."))) {
                problems.add(path, "'" + text + "' reads something other than the message: only $request.body"
                        + " references are allowed here");
                return null;
            }
            String jsonPath = jsonPath(reference);
            if (jsonPath == null) {
                problems.add(path, "'" + text + "' has '" + reference + "' where a reference to the message"
                        + " ($request.body or $request.body.field) was expected");
                return null;
            }
            if (literal.length() > 0) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Body(jsonPath));
            i = end;
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new SelectionExpression(text, parts);
    }

    /** {@code request.body.a.b} as {@code $.a.b}, {@code request.body} as {@code $}, {@code request.body[0]} as {@code $[0]}. */
    private static @Nullable String jsonPath(String reference) {
        if (!reference.startsWith(BODY)) {
            return null;
        }
        String rest = reference.substring(BODY.length());
        if (rest.isEmpty()) {
            return "$";
        }
        if (rest.equals(".") || rest.endsWith(".") || rest.contains("..") || rest.indexOf('*') >= 0
                || rest.indexOf('?') >= 0 || rest.indexOf('(') >= 0) {
            // one value is selected: no deep scan, wildcard, filter or function
            return null;
        }
        if (rest.charAt(0) != '.' && rest.charAt(0) != '[') {
            return null;
        }
        int open = 0;
        for (int k = 0; k < rest.length(); k++) {
            char c = rest.charAt(k);
            open += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (open < 0 || open > 1) {
                return null;
            }
        }
        return open == 0 ? "$" + rest : null;
    }
}
