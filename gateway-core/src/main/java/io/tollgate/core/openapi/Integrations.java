package io.tollgate.core.openapi;

import io.tollgate.core.api.ApiType;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code x-amazon-apigateway-integration} objects as integrations: {@code mock}, {@code http} and
 * {@code http_proxy} as themselves, Lambda's {@code aws_proxy} and {@code aws} as function integrations (proxy and
 * non-proxy) served by the function beans {@link Lambdas} resolves. What Tollgate cannot call (other AWS services) is
 * warned of and answers AWS's 500.
 */
final class Integrations {

    private final ImportContext context;
    private final ApiType type;
    private final Map<String, Object> components;

    Integrations(ImportContext context, ApiType type, Map<String, Object> components) {
        this.context = context;
        this.type = type;
        this.components = components;
    }

    /** An integration answering AWS's {@code 500 {"message": "Internal server error"}}. */
    static Map<String, Object> internalError() {
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("type", "MOCK");
        integration.put("status", 500);
        integration.put("headers", Map.of("Content-Type", "application/json",
                "x-amzn-ErrorType", "InternalServerErrorException"));
        integration.put("body", "{\"message\": \"Internal server error\"}");
        return integration;
    }

    /**
     * The integration {@code value} (at {@code pointer}, the definition's {@code property}) describes; route settings it
     * carries (cache key parameters) are put on {@code route}.
     */
    Map<String, Object> read(Object value, String pointer, String property, Map<String, Object> route) {
        Map<String, Object> spec = context.object(value, pointer);
        String at = pointer;
        if (spec.get("$ref") instanceof String ref) {
            String prefix = "#/components/x-amazon-apigateway-integrations/";
            String name = ref.startsWith(prefix) ? ref.substring(prefix.length()) : null;
            if (name == null || !(components.get(name) instanceof Map<?, ?>)) {
                context.error(pointer + "/$ref", "'" + ref + "' names no integration of "
                        + "components/x-amazon-apigateway-integrations");
                return internalError();
            }
            at = ImportContext.pointer("/components/x-amazon-apigateway-integrations", name);
            spec = context.object(components.get(name), at);
        }
        context.from(property, at);
        String kind = context.upper(spec.get("type"), at + "/type");
        if (kind == null) {
            context.error(at + "/type", "an integration's type must be set (mock, http, http_proxy, aws_proxy, aws)");
            return internalError();
        }
        unsupported(spec, at);
        Map<String, Object> integration = new LinkedHashMap<>();
        switch (kind) {
            case "MOCK" -> {
                integration.put("type", "MOCK");
                Map<String, Object> answer = context.object(spec.get("x-tollgate-mock"), at + "/x-tollgate-mock");
                if (answer.isEmpty()) {
                    nonProxy(integration, spec, at);
                } else {
                    // Tollgate's own export of a fixed answer (its body is not a template)
                    Integer status = context.integer(answer.get("statusCode"), at + "/x-tollgate-mock/statusCode");
                    if (status != null) {
                        integration.put("status", status);
                    }
                    Map<String, String> headers = context.texts(answer.get("headers"), at + "/x-tollgate-mock/headers");
                    if (!headers.isEmpty()) {
                        integration.put("headers", headers);
                    }
                    String body = context.text(answer.get("body"), at + "/x-tollgate-mock/body");
                    if (body != null && !body.isEmpty()) {
                        integration.put("body", body);
                    }
                }
            }
            case "HTTP", "HTTP_PROXY" -> {
                String uri = uri(spec, at);
                if (uri == null) {
                    return internalError();
                }
                integration.put("type", kind);
                String method = context.upper(spec.get("httpMethod"), at + "/httpMethod");
                if (method != null) {
                    integration.put("method", method);
                }
                if (kind.equals("HTTP")) {
                    integration.put("uri", uri);
                    context.putTexts(integration, "request-parameters", spec, "requestParameters", at);
                    nonProxy(integration, spec, at);
                } else {
                    proxyParameters(integration, uri, spec, at);
                }
            }
            case "AWS_PROXY", "AWS" -> {
                String uri = context.text(spec.get("uri"), at + "/uri");
                String function = uri == null ? null : Lambdas.function(uri, context);
                if (uri == null || !Lambdas.isLambda(uri) || function == null) {
                    String subtype = context.text(spec.get("integrationSubtype"), at + "/integrationSubtype");
                    context.warn(at + "/uri", "an AWS service integration (" + (subtype != null ? subtype : uri)
                            + ") cannot be called here: the route answers 500 {\"message\": \"Internal server error\"}");
                    return internalError();
                }
                integration.put("type", "FUNCTION");
                integration.put("function", function);
                Integer concurrency = context.integer(spec.get("x-tollgate-max-concurrency"),
                        at + "/x-tollgate-max-concurrency");
                if (concurrency != null) {
                    integration.put("max-concurrency", concurrency);
                }
                if (kind.equals("AWS_PROXY")) {
                    String version = context.text(spec.get("payloadFormatVersion"), at + "/payloadFormatVersion");
                    if (type == ApiType.HTTP && version != null && !version.isBlank()) {
                        integration.put("payload-format-version", version.trim().equals("1") ? "1.0"
                                : version.trim().equals("2") ? "2.0" : version.trim());
                    }
                } else {
                    integration.put("proxy", false);
                    nonProxy(integration, spec, at);
                }
            }
            default -> {
                context.error(at + "/type", "unknown integration type '" + spec.get("type") + "' (mock, http, "
                        + "http_proxy, aws_proxy or aws)");
                return internalError();
            }
        }
        Integer timeout = context.integer(spec.get("timeoutInMillis"), at + "/timeoutInMillis");
        if (timeout != null) {
            integration.put("timeout", timeout + "ms");
        }
        cacheKeys(route, spec, at);
        return integration;
    }

    private void unsupported(Map<String, Object> spec, String at) {
        String credentials = context.text(spec.get("credentials"), at + "/credentials");
        if (credentials != null && !credentials.isBlank()) {
            context.warn(at + "/credentials", "no IAM role is assumed to call the integration; ignored");
        }
        if (spec.get("contentHandling") != null) {
            context.warn(at + "/contentHandling", "bodies are passed as they are (no conversion to text or binary); "
                    + "ignored");
        }
        String connection = context.upper(spec.get("connectionType"), at + "/connectionType");
        if ("VPC_LINK".equals(connection)) {
            context.warn(at + "/connectionType", "no VPC link here: the URI is called directly");
        }
        if (spec.get("tlsConfig") != null) {
            context.warn(at + "/tlsConfig", "the backend's TLS is checked with the JVM's trust; ignored");
        }
        if (type == ApiType.HTTP && spec.get("responseParameters") != null) {
            context.warn(at + "/responseParameters", "HTTP APIs' response parameter mappings are not served; ignored");
        }
    }

    private @Nullable String uri(Map<String, Object> spec, String at) {
        String uri = context.text(spec.get("uri"), at + "/uri");
        if (uri == null && spec.get("uri") != null) {
            return null; // written as something else than text: warned of, the route answers 500
        }
        if (uri == null || uri.isBlank()) {
            context.error(at + "/uri", "an HTTP integration's uri must be set");
            return null;
        }
        String rewritten = uri.trim();
        String prefix = context.options.backends().keySet().stream()
                .filter(rewritten::startsWith).max(Comparator.comparingInt(String::length)).orElse(null);
        if (prefix != null) {
            rewritten = context.options.backends().get(prefix) + rewritten.substring(prefix.length());
        }
        return rewritten;
    }

    /**
     * An HTTP_PROXY integration's request parameters: HTTP APIs' are written as Tollgate reads them; REST APIs'
     * ({@code integration.request.header.x}: {@code method.request.header.y}) become overwrites, and a path
     * parameter renamed for the backend names the route's variable in the URI.
     */
    private void proxyParameters(Map<String, Object> integration, String uri, Map<String, Object> spec, String at) {
        Map<String, String> parameters = context.texts(spec.get("requestParameters"), at + "/requestParameters");
        String target = uri;
        Map<String, String> mapped = new LinkedHashMap<>();
        if (type == ApiType.HTTP) {
            mapped.putAll(parameters);
        } else {
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                String pointer = ImportContext.pointer(at + "/requestParameters", parameter.getKey());
                String key = parameter.getKey().trim();
                String value = parameter.getValue().trim();
                String[] parts = key.split("\\.", 4);
                if (parts.length != 4 || !parts[0].equals("integration") || !parts[1].equals("request")) {
                    context.warn(pointer, "'" + key + "' is not integration.request.(header|querystring|path).NAME; "
                            + "ignored");
                    continue;
                }
                String source = source(value, pointer);
                if (source == null) {
                    continue;
                }
                switch (parts[2]) {
                    case "header" -> mapped.put("overwrite:header." + parts[3], source);
                    case "querystring" -> mapped.put("overwrite:querystring." + parts[3], source);
                    case "path" -> {
                        if (value.startsWith("method.request.path.")) {
                            String variable = value.substring("method.request.path.".length());
                            if (!variable.equals(parts[3])) {
                                target = target.replace("{" + parts[3] + "}", "{" + variable + "}");
                            }
                        } else {
                            context.warn(pointer, "a proxy integration's path variable is taken from the route's "
                                    + "path only; ignored");
                        }
                    }
                    default -> context.warn(pointer, "'" + key + "' is not integration.request.(header|querystring|"
                            + "path).NAME; ignored");
                }
            }
        }
        integration.put("uri", target);
        if (!mapped.isEmpty()) {
            integration.put("request-parameters", mapped);
        }
    }

    /** A REST mapping's value as a proxy's parameter template, or null (with a warning) when it has no such form. */
    private @Nullable String source(String value, String pointer) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("$", "\\$");
        }
        for (String[] form : new String[][] {{"method.request.header.", "$request.header."},
                {"method.request.querystring.", "$request.querystring."}, {"method.request.path.", "$request.path."},
                {"method.request.body.", "$request.body."}, {"context.", "$context."},
                {"stageVariables.", "$stageVariables."}}) {
            if (value.startsWith(form[0])) {
                return form[1] + value.substring(form[0].length());
            }
        }
        if (value.equals("method.request.body")) {
            return "$request.body";
        }
        context.warn(pointer, "'" + value + "' is not a source a parameter can be mapped from; ignored");
        return null;
    }

    /** A non-proxy integration's templates, passthrough behaviour and integration responses. */
    private void nonProxy(Map<String, Object> integration, Map<String, Object> spec, String at) {
        context.putTexts(integration, "request-templates", spec, "requestTemplates", at);
        String passthrough = context.upper(spec.get("passthroughBehavior"), at + "/passthroughBehavior");
        if (passthrough != null) {
            if (List.of("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER").contains(passthrough)) {
                integration.put("passthrough-behavior", passthrough);
            } else {
                context.error(at + "/passthroughBehavior", "'" + spec.get("passthroughBehavior")
                        + "' must be when_no_match, when_no_templates or never");
            }
        }
        List<Object> responses = new ArrayList<>();
        Map<String, Object> written = context.object(spec.get("responses"), at + "/responses");
        for (Map.Entry<String, Object> entry : written.entrySet()) {
            String pointer = ImportContext.pointer(at + "/responses", entry.getKey());
            Map<String, Object> response = context.object(entry.getValue(), pointer);
            Map<String, Object> mapped = new LinkedHashMap<>();
            if (!entry.getKey().equals("default")) {
                mapped.put("selection-pattern", entry.getKey());
            }
            Integer status = context.integer(response.get("statusCode"), pointer + "/statusCode");
            if (status == null) {
                context.error(pointer + "/statusCode", "an integration response's statusCode must be set");
                continue;
            }
            mapped.put("status-code", status);
            context.putTexts(mapped, "response-parameters", response, "responseParameters", pointer);
            context.putTexts(mapped, "response-templates", response, "responseTemplates", pointer);
            if (response.get("contentHandling") != null) {
                context.warn(pointer + "/contentHandling", "bodies are passed as they are; ignored");
            }
            responses.add(mapped);
        }
        if (!responses.isEmpty()) {
            integration.put("integration-responses", responses);
        }
    }

    /** The route's cache settings, made when it has none yet. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cache(Map<String, Object> route) {
        return (Map<String, Object>) route.computeIfAbsent("cache", k -> new LinkedHashMap<String, Object>());
    }

    private void cacheKeys(Map<String, Object> route, Map<String, Object> spec, String at) {
        List<?> keys = context.list(spec.get("cacheKeyParameters"), at + "/cacheKeyParameters");
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String parameter = context.text(keys.get(i), at + "/cacheKeyParameters/" + i);
            if (parameter != null && !parameter.isBlank()) {
                parameters.add(parameter.trim());
            }
        }
        if (!parameters.isEmpty()) {
            cache(route).put("key-parameters", parameters);
        }
    }
}
