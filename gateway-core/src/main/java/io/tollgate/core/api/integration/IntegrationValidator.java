package io.tollgate.core.api.integration;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RequestParameter;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.ValueTemplate;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a route's integration definition ({@link IntegrationSpec}) and builds the {@link Integration}. */
public final class IntegrationValidator {

    /** The shortest integration timeout. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
    /** The longest integration timeout of a REST API (Amazon API Gateway's 29 s). */
    public static final Duration MAX_REST_TIMEOUT = Duration.ofSeconds(29);
    /** The longest integration timeout of an HTTP API (Amazon API Gateway's 30 s). */
    public static final Duration MAX_HTTP_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> PROXY_METHODS =
            Set.of("ANY", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final Problems problems;

    /** @param problems where the problems found are reported */
    public IntegrationValidator(Problems problems) {
        this.problems = problems;
    }

    /** Reports an integration timeout out of the API type's range at {@code path}. */
    public static void checkTimeout(Duration timeout, ApiType type, String path, Problems problems) {
        Duration max = type == ApiType.HTTP ? MAX_HTTP_TIMEOUT : MAX_REST_TIMEOUT;
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(max) > 0) {
            problems.add(path, timeout.toMillis() + " ms is out of range: a " + type + " API's integration timeout is "
                    + MIN_TIMEOUT.toMillis() + " ms to " + max.toSeconds() + " s");
        }
    }

    /**
     * The route's integration, checked against its route key, the API's type and stages; null (with the problems
     * reported) when it is not valid.
     */
    public @Nullable Integration integration(IntegrationSpec spec, @Nullable RouteKey key, ApiType apiType,
                                             Duration defaultTimeout, List<Stage> stages, String path) {
        IntegrationType type = IntegrationType.parse(spec.type(), path + ".type", problems);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case HTTP_PROXY -> httpProxy(spec, key, apiType, defaultTimeout, stages, path);
            case HTTP -> http(spec, key, apiType, defaultTimeout, stages, path);
            case MOCK -> mock(spec, path);
            case FUNCTION -> function(spec, apiType, defaultTimeout, path);
        };
    }

    /** The integration's timeout (the API's unless set), checked against the API type's range. */
    private Duration timeout(IntegrationSpec spec, ApiType apiType, Duration defaultTimeout, String path) {
        if (spec.timeout() == null) {
            return defaultTimeout;
        }
        checkTimeout(spec.timeout(), apiType, path + ".timeout", problems);
        return spec.timeout();
    }

    /** The method sent to the backend, {@code ANY} meaning the request's own. */
    private String method(IntegrationSpec spec, String path) {
        String method = spec.method() == null ? "ANY" : spec.method().trim().toUpperCase(Locale.ROOT);
        if (!PROXY_METHODS.contains(method)) {
            problems.add(path + ".method", "unknown method '" + spec.method() + "'");
        }
        return method;
    }

    private @Nullable Integration httpProxy(IntegrationSpec spec, @Nullable RouteKey key, ApiType apiType,
                                            Duration defaultTimeout, List<Stage> stages, String path) {
        int before = problems.asList().size();
        Duration timeout = timeout(spec, apiType, defaultTimeout, path);
        String method = method(spec, path);
        UriTemplate uri = null;
        if (spec.uri() == null || spec.uri().isBlank()) {
            problems.add(path + ".uri", "must be set for an HTTP_PROXY integration");
        } else {
            uri = UriTemplate.parse(spec.uri().trim());
            checkUri(uri, key, stages, path + ".uri");
        }
        List<ParameterMapping> mappings = new ArrayList<>();
        Set<String> pathVariables = key == null ? Set.of() : key.pathVariableNames();
        spec.requestParameters().forEach((k, v) -> {
            ParameterMapping mapping = ParameterMapping.parse(k, v, path + ".request-parameters", problems);
            if (mapping == null) {
                return;
            }
            for (ValueTemplate.Part part : mapping.value().parts()) {
                if (part instanceof ValueTemplate.Reference ref && ref.source() == ValueTemplate.Source.PATH_PARAMETER
                        && key != null && !pathVariables.contains(ref.name())) {
                    problems.add(path + ".request-parameters[" + k + "]", "'" + v + "' uses the path parameter '"
                            + ref.name() + "', but route '" + key + "' has no such variable");
                }
            }
            mappings.add(mapping);
        });
        if (problems.asList().size() > before || uri == null) {
            return null;
        }
        return new HttpProxyIntegration(uri, method, timeout, mappings);
    }

    private @Nullable Integration http(IntegrationSpec spec, @Nullable RouteKey key, ApiType apiType,
                                       Duration defaultTimeout, List<Stage> stages, String path) {
        int before = problems.asList().size();
        Duration timeout = timeout(spec, apiType, defaultTimeout, path);
        String method = method(spec, path);
        NonProxyMapping mapping = new NonProxyValidator(problems).mapping(spec, true, path);
        Set<String> mappedPath = new HashSet<>();
        mapping.requestParameters().stream()
                .filter(p -> p.location() == RequestParameter.Location.PATH)
                .forEach(p -> mappedPath.add(p.name()));
        UriTemplate uri = null;
        if (spec.uri() == null || spec.uri().isBlank()) {
            problems.add(path + ".uri", "must be set for an HTTP integration");
        } else {
            uri = UriTemplate.parse(spec.uri().trim());
            checkUri(uri, key, mappedPath, stages, path + ".uri");
        }
        if (problems.asList().size() > before || uri == null) {
            return null;
        }
        return new HttpIntegration(uri, method, timeout, mapping);
    }

    private void checkUri(UriTemplate uri, @Nullable RouteKey key, List<Stage> stages, String path) {
        checkUri(uri, key, Set.of(), stages, path);
    }

    private void checkUri(UriTemplate uri, @Nullable RouteKey key, Set<String> mappedVariables, List<Stage> stages,
                          String path) {
        Set<String> variables = key == null ? null : new HashSet<>(key.pathVariableNames());
        if (variables != null) {
            variables.addAll(mappedVariables);
        }
        for (UriTemplate.Part part : uri.parts()) {
            if (part instanceof UriTemplate.PathVariable pv && variables != null && !variables.contains(pv.name())) {
                problems.add(path, "'" + uri.text() + "' uses {" + pv.name() + "}, but route '" + key
                        + "' has no such path variable");
                return;
            }
        }
        boolean usesStageVariables = uri.parts().stream().anyMatch(UriTemplate.StageVariable.class::isInstance);
        for (Stage stage : stages) {
            for (UriTemplate.Part part : uri.parts()) {
                if (part instanceof UriTemplate.StageVariable sv && !stage.variables().containsKey(sv.name())) {
                    problems.add(path, "'" + uri.text() + "' uses ${stageVariables." + sv.name() + "}, which stage '"
                            + stage.name() + "' does not define");
                    return;
                }
            }
            String sample = uri.resolveStageVariables(stage.variables()).sample("x");
            String problem = uriProblem(sample);
            if (problem != null) {
                problems.add(path, "'" + uri.text() + "'" + (usesStageVariables ? " (in stage '" + stage.name()
                        + "': '" + uri.resolveStageVariables(stage.variables()).sample("{...}") + "')" : "") + " " + problem);
                return;
            }
            if (!usesStageVariables) {
                return;
            }
        }
    }

    private static @Nullable String uriProblem(String text) {
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a valid URI: " + e.getReason();
        }
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return "must be an absolute http:// or https:// URI";
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "has no host";
        }
        if (parsed.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    private @Nullable Integration function(IntegrationSpec spec, ApiType apiType, Duration defaultTimeout,
                                           String path) {
        int before = problems.asList().size();
        if (spec.function() == null || spec.function().isBlank()) {
            problems.add(path + ".function", "must name the function of a FUNCTION integration");
        }
        String version = spec.payloadFormatVersion() == null ? (apiType == ApiType.HTTP ? "2.0" : "1.0")
                : spec.payloadFormatVersion().trim();
        if (!version.equals("1.0") && !version.equals("2.0")) {
            problems.add(path + ".payload-format-version", "'" + spec.payloadFormatVersion() + "' must be 1.0 or 2.0");
        } else if (apiType == ApiType.WEBSOCKET && !version.equals("1.0")) {
            problems.add(path + ".payload-format-version", "a WebSocket API's functions get its own events (1.0)");
        }
        Duration timeout = timeout(spec, apiType, defaultTimeout, path);
        int concurrency = spec.maxConcurrency() == null ? 0 : spec.maxConcurrency();
        if (concurrency < 0) {
            problems.add(path + ".max-concurrency", concurrency + " must be at least 1 (or unset: unbounded)");
        }
        if (spec.uri() != null) {
            problems.add(path + ".uri", "a FUNCTION integration has no URI (name its function)");
        }
        boolean proxy = spec.proxy() == null || spec.proxy();
        NonProxyMapping mapping = new NonProxyValidator(problems).mapping(spec, false, path);
        if (proxy && !mapping.isEmpty()) {
            problems.add(path + ".proxy", "templates and integration responses need a non-proxy function (proxy: false)");
        }
        // the function is null only when a problem was recorded
        if (problems.asList().size() > before || spec.function() == null) {
            return null;
        }
        return new FunctionIntegration(spec.function().trim(), version, timeout, concurrency, proxy, mapping);
    }

    private @Nullable Integration mock(IntegrationSpec spec, String path) {
        int before = problems.asList().size();
        NonProxyMapping mapping = new NonProxyValidator(problems).mapping(spec, false, path);
        if (problems.asList().size() > before) {
            return null;
        }
        int status = spec.status() == null ? 200 : spec.status();
        if (status < 100 || status > 599) {
            problems.add(path + ".status", status + " is not an HTTP status code (100-599)");
            return null;
        }
        if (spec.uri() != null) {
            problems.add(path + ".uri", "a MOCK integration has no URI");
            return null;
        }
        for (String header : spec.headers().keySet()) {
            if (header == null || header.isBlank() || header.chars().anyMatch(c -> c <= 32 || c >= 127 || c == ':')) {
                problems.add(path + ".headers[" + header + "]", "'" + header + "' is not a valid header name");
                return null;
            }
        }
        return new MockIntegration(status, spec.headers(), spec.body() == null ? "" : spec.body(), mapping);
    }
}
