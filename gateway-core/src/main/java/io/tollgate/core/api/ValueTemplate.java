package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parameter-mapping value as Amazon API Gateway's HTTP APIs write it: static text mixed with references such as
 * {@code $request.header.name}, {@code ${request.path.id}}, {@code $context.requestId} or
 * {@code $stageVariables.name}. Parsed once at startup.
 */
public record ValueTemplate(String text, List<Part> parts) {

    public ValueTemplate {
        parts = List.copyOf(parts);
    }

    /** A piece of a value: text, or a reference to request data. */
    public sealed interface Part {
    }

    /** Static text. */
    public record Text(String value) implements Part {
    }

    /**
     * A reference; {@code name} is the header, query, path-parameter or stage-variable name; {@code contextVariable}
     * the variable of a {@link Source#CONTEXT} reference (null for the others).
     */
    public record Reference(Source source, String name, @Nullable ContextVariable contextVariable) implements Part {
    }

    /** Where a reference reads from. */
    public enum Source {
        /** {@code $request.path}: the request path without the stage. */
        REQUEST_PATH,
        /** {@code $request.path.name}. */
        PATH_PARAMETER,
        /** {@code $request.header.name} (case-insensitive; several values joined with commas). */
        HEADER,
        /** {@code $request.querystring.name} (case-sensitive; several values joined with commas). */
        QUERY_STRING,
        /** {@code $context.name}. */
        CONTEXT,
        /** {@code $stageVariables.name}. */
        STAGE_VARIABLE
    }

    /** True when the value uses no reference at all. */
    public boolean isStatic() {
        return parts.stream().allMatch(Text.class::isInstance);
    }

    /** Parses a value, recording problems at {@code path}; returns {@code null} when it is invalid. */
    public static @Nullable ValueTemplate parse(@Nullable String text, String path, Problems problems) {
        if (text == null) {
            problems.add(path, "must not be null");
            return null;
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                literal.append(c);
                i++;
                continue;
            }
            String expression;
            int end;
            if (text.charAt(i + 1) == '{') {
                BracedReference braced = BracedReference.at(text, i, path, problems);
                if (braced == null) {
                    return null;
                }
                expression = braced.inside();
                end = braced.end();
            } else {
                end = i + 1;
                while (end < text.length() && isReferenceChar(text.charAt(end))) {
                    end++;
                }
                expression = text.substring(i + 1, end);
                while (expression.endsWith(".")) {
                    expression = expression.substring(0, expression.length() - 1);
                    end--;
                }
            }
            if (!expression.startsWith("request.") && !expression.equals("request.path")
                    && !expression.startsWith("context.") && !expression.startsWith("stageVariables.")) {
                literal.append(c);
                i++;
                continue;
            }
            Reference reference = reference(expression, text, path, problems);
            if (reference == null) {
                return null;
            }
            if (literal.length() > 0) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            parts.add(reference);
            i = end;
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new ValueTemplate(text, parts);
    }

    private static boolean isReferenceChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }

    private static @Nullable Reference reference(String expression, String text, String path, Problems problems) {
        if (expression.equals("request.path")) {
            return new Reference(Source.REQUEST_PATH, "", null);
        }
        int dot = expression.indexOf('.', expression.startsWith("request.") ? "request.".length() : 0);
        String head = dot < 0 ? expression : expression.substring(0, dot);
        String name = dot < 0 ? "" : expression.substring(dot + 1);
        if (name.isEmpty()) {
            problems.add(path, "'" + text + "' has an incomplete reference '$" + expression + "'");
            return null;
        }
        switch (head) {
            case "request.path":
                return new Reference(Source.PATH_PARAMETER, name, null);
            case "request.header":
                return new Reference(Source.HEADER, name.toLowerCase(Locale.ROOT), null);
            case "request.querystring":
                return new Reference(Source.QUERY_STRING, name, null);
            case "stageVariables":
                return new Reference(Source.STAGE_VARIABLE, name, null);
            case "context": {
                ContextVariable variable = ContextVariable.byName(name).orElse(null);
                if (variable == null) {
                    problems.add(path, "'" + text + "' uses the unknown context variable '$context." + name
                            + "' (supported: " + ContextVariable.names() + ")");
                    return null;
                }
                return new Reference(Source.CONTEXT, name, variable);
            }
            default:
                problems.add(path, "'" + text + "' has an unsupported reference '$" + expression
                        + "' (use $request.path, $request.path.x, $request.header.x, $request.querystring.x,"
                        + " $context.x or $stageVariables.x)");
                return null;
        }
    }
}
