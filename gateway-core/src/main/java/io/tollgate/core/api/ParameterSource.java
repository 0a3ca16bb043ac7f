package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

/**
 * Where a REST-style mapping value comes from: {@code method.request.header.x}, {@code method.request.querystring.x},
 * {@code method.request.path.x}, {@code integration.response.header.x}, {@code integration.response.body[.path]},
 * {@code context.x}, {@code stageVariables.x} or a static {@code 'value'}; in a WebSocket API also
 * {@code route.request.header.x}, {@code route.request.querystring.x} (what its {@code $connect} carried) and
 * {@code route.request.body[.path]} (the message, JSON, read with a JSONPath).
 *
 * @param kind what is read
 * @param name the header, parameter, variable or JSON path; the text of a static value
 * @param contextVariable the variable, for {@link Kind#CONTEXT}
 */
public record ParameterSource(Kind kind, String name, @Nullable ContextVariable contextVariable) {

    /** What a source reads. */
    public enum Kind {
        METHOD_REQUEST_HEADER, METHOD_REQUEST_QUERYSTRING, METHOD_REQUEST_PATH, ROUTE_REQUEST_BODY,
        INTEGRATION_RESPONSE_HEADER, INTEGRATION_RESPONSE_BODY, CONTEXT, STAGE_VARIABLE, STATIC
    }

    /**
     * Parses a value; {@code response} allows the {@code integration.response.*} sources. Null (the problem recorded)
     * when it is not a source.
     */
    public static @Nullable ParameterSource parse(@Nullable String text, boolean response, String path,
                                                  Problems problems) {
        if (text == null || text.isBlank()) {
            problems.add(path, "must name a source ('static', method.request.*, route.request.*, context.*,"
                    + " stageVariables.*)");
            return null;
        }
        String value = text.trim();
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return new ParameterSource(Kind.STATIC, value.substring(1, value.length() - 1), null);
        }
        if (!response) {
            if (value.startsWith("method.request.header.")) {
                return named(Kind.METHOD_REQUEST_HEADER, value, "method.request.header.", path, problems);
            }
            if (value.startsWith("method.request.querystring.")) {
                return named(Kind.METHOD_REQUEST_QUERYSTRING, value, "method.request.querystring.", path, problems);
            }
            if (value.startsWith("method.request.path.")) {
                return named(Kind.METHOD_REQUEST_PATH, value, "method.request.path.", path, problems);
            }
            // a WebSocket API's forms of the same: what its $connect request carried
            if (value.startsWith("route.request.header.")) {
                return named(Kind.METHOD_REQUEST_HEADER, value, "route.request.header.", path, problems);
            }
            if (value.startsWith("route.request.querystring.")) {
                return named(Kind.METHOD_REQUEST_QUERYSTRING, value, "route.request.querystring.", path, problems);
            }
            // and the message itself: the whole, or a field by its JSONPath (route.request.body.user.name)
            if (value.equals("route.request.body")) {
                return new ParameterSource(Kind.ROUTE_REQUEST_BODY, "$", null);
            }
            if (value.startsWith("route.request.body.")) {
                ParameterSource field = named(Kind.ROUTE_REQUEST_BODY, value, "route.request.body.", path, problems);
                return field == null ? null : new ParameterSource(Kind.ROUTE_REQUEST_BODY, "$." + field.name(), null);
            }
        } else {
            if (value.startsWith("integration.response.header.")) {
                return named(Kind.INTEGRATION_RESPONSE_HEADER, value, "integration.response.header.", path, problems);
            }
            if (value.equals("integration.response.body")) {
                return new ParameterSource(Kind.INTEGRATION_RESPONSE_BODY, "$", null);
            }
            if (value.startsWith("integration.response.body.")) {
                return new ParameterSource(Kind.INTEGRATION_RESPONSE_BODY,
                        "$." + value.substring("integration.response.body.".length()), null);
            }
        }
        if (value.startsWith("context.")) {
            String name = value.substring("context.".length());
            ContextVariable variable = ContextVariable.byName(name).orElse(null);
            if (variable == null) {
                problems.add(path, "'" + text + "' uses the unknown context variable '" + name + "' (supported: "
                        + ContextVariable.names() + ")");
                return null;
            }
            return new ParameterSource(Kind.CONTEXT, name, variable);
        }
        if (value.startsWith("stageVariables.")) {
            return named(Kind.STAGE_VARIABLE, value, "stageVariables.", path, problems);
        }
        problems.add(path, "'" + text + "' is not a mapping source (use 'static text', "
                + (response ? "integration.response.header.x, integration.response.body[.field]"
                : "method.request.header.x, method.request.querystring.x, method.request.path.x,"
                        + " route.request.header.x, route.request.querystring.x, route.request.body[.field]")
                + ", context.x or stageVariables.x)");
        return null;
    }

    private static @Nullable ParameterSource named(Kind kind, String value, String prefix, String path,
                                                   Problems problems) {
        String name = value.substring(prefix.length());
        if (name.isEmpty()) {
            problems.add(path, "'" + value + "' needs a name after '" + prefix + "'");
            return null;
        }
        return new ParameterSource(kind, name, null);
    }
}
