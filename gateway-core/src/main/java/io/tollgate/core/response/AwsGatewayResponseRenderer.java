package io.tollgate.core.response;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseCustomization;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders gateway responses as Amazon API Gateway does: by default the status, {@code {"message":"..."}}
 * ({@code $context.error.messageString}), {@code Content-Type: application/json} and, for REST APIs,
 * {@code x-amzn-ErrorType}. An API's customisation of the type, or else of {@code DEFAULT_4XX}/{@code DEFAULT_5XX},
 * replaces the status, adds headers ({@code 'static'}, {@code context.x}, {@code stageVariables.x},
 * {@code method.request.header|querystring|path.x}) and renders the body with the template chosen by
 * {@code Accept}, by simple substitution of {@code $context.*} and {@code $stageVariables.*} (not VTL, as in AWS).
 * A header value that cannot be a header (CR or LF from a query value, say) fails with
 * {@link InvalidHeaderValueException} before any header is set.
 */
public final class AwsGatewayResponseRenderer implements GatewayResponseRenderer {

    /** The {@code x-amzn-ErrorType} header of REST API error responses. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(context|stageVariables)\\.([A-Za-z0-9_.]+)}"
            + "|\\$(context|stageVariables)\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)");

    @Override
    public Rendered render(GatewayError error, RenderContext context, HttpHeaders headers) {
        if (context.apiType() == ApiType.REST) {
            headers.set(ERROR_TYPE_HEADER, error.errorType());
        }
        Map<?, GatewayResponseCustomization> customizations = context.customizations();
        GatewayResponseCustomization customization = customizations.isEmpty() ? null
                : customizations.containsKey(error.type()) ? customizations.get(error.type())
                : customizations.get(error.type().fallback());
        if (customization == null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return new Rendered(error.status(), defaultBody(error));
        }
        int status = customization.statusCode() != null ? customization.statusCode() : error.status();
        // all checked before any is set: a value that cannot be a header leaves the headers as they were
        Map<String, String> resolvedHeaders = new LinkedHashMap<>();
        customization.headers().forEach((name, value) -> {
            String resolved = headerValue(value, error, context);
            if (resolved != null) {
                resolvedHeaders.put(name, InvalidHeaderValueException.checkRequestHeader(name, resolved));
            }
        });
        resolvedHeaders.forEach(headers::set);
        Map.Entry<String, String> template = MediaTypes.forAccept(customization.templates(), context.requestHeader("accept"));
        if (template == null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return new Rendered(status, defaultBody(error));
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, template.getKey());
        return new Rendered(status, substitute(template.getValue(), error, context).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] defaultBody(GatewayError error) {
        return ("{\"message\":" + Json.quote(error.message()) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static @Nullable String headerValue(String value, GatewayError error, RenderContext context) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.startsWith("context.")) {
            return contextValue(v.substring("context.".length()), error, context);
        }
        if (v.startsWith("stageVariables.")) {
            return context.stageVariable(v.substring("stageVariables.".length()));
        }
        if (v.startsWith("method.request.header.")) {
            return context.requestHeader(v.substring("method.request.header.".length()));
        }
        if (v.startsWith("method.request.querystring.")) {
            return context.queryParameter(v.substring("method.request.querystring.".length()));
        }
        if (v.startsWith("method.request.path.")) {
            return context.pathParameter(v.substring("method.request.path.".length()));
        }
        return v;
    }

    private static String substitute(String template, GatewayError error, RenderContext context) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1) != null ? m.group(1) : m.group(3);
            String name = m.group(1) != null ? m.group(2) : m.group(4);
            String value = kind.equals("context") ? contextValue(name, error, context) : context.stageVariable(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static @Nullable String contextValue(String name, GatewayError error, RenderContext context) {
        return switch (name) {
            case "error.message" -> error.message();
            case "error.messageString" -> Json.quote(error.message());
            case "error.responseType" -> error.type().name();
            case "error.validationErrorString" -> {
                // JSON-escaped, as AWS renders it, so that it fits inside a template's "..."
                String quoted = Json.quote(error.validationErrorString());
                yield quoted.substring(1, quoted.length() - 1);
            }
            default -> context.contextValue(name);
        };
    }
}
