package io.tollgate.core.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an {@link Api.Builder}'s raw definition into a valid {@link Api}, or reports every problem at once. */
final class ApiValidator {

    static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
    static final Duration MAX_REST_TIMEOUT = Duration.ofSeconds(29);
    static final Duration MAX_HTTP_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern STAGE_VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Set<String> PROXY_METHODS =
            Set.of("ANY", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final Api.Builder spec;
    private final Problems problems = new Problems();

    ApiValidator(Api.Builder spec) {
        this.spec = spec;
    }

    Api validate() {
        if (spec.name == null || !NAME.matcher(spec.name).matches()) {
            problems.add("name", "'" + spec.name + "' must be 1-128 letters, digits, '-' or '_'");
        }
        ApiType type = type();
        String basePath = basePath();
        Duration defaultTimeout = spec.integrationTimeout == null ? Api.DEFAULT_INTEGRATION_TIMEOUT : spec.integrationTimeout;
        checkTimeout(defaultTimeout, type, "integration-timeout");
        long defaultMaxBody = spec.maxRequestBodySize == null ? Api.DEFAULT_MAX_REQUEST_BODY_SIZE : spec.maxRequestBodySize;
        checkBodySize(defaultMaxBody, "max-request-body-size");
        List<Stage> stages = stages();
        AuthorizerValidator authorizerValidator = new AuthorizerValidator(problems);
        Map<String, Authorizer> authorizers = authorizerValidator.authorizers(spec.authorizers, type);
        RequestValidationValidator validations = new RequestValidationValidator(problems, spec);
        List<Route> routes = routes(type, defaultTimeout, defaultMaxBody, stages, authorizerValidator, authorizers, validations);
        ThrottleValidator throttles = new ThrottleValidator(problems);
        stages = throttles.stages(stages, routes, spec.throttles);
        stages = new CacheValidator(problems).stages(stages, spec.stageCaches);
        ApiKeySource keySource = throttles.apiKeySource(spec.apiKeySource);
        Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses =
                new NonProxyValidator(problems).gatewayResponses(spec.gatewayResponses);
        List<String> binary = BinaryMediaTypes.validate(spec.binaryMediaTypes, problems);
        CorsConfiguration cors = CorsConfiguration.validate(spec.cors, problems);
        ResourcePolicy policy = ResourcePolicy.validate(spec.resourcePolicy, problems);
        problems.throwIfAny("api '" + spec.name + "'");
        return new Api(spec.name, spec.id == null || spec.id.isBlank() ? spec.name : spec.id, type, basePath, routes,
                stages, gatewayResponses, binary, cors, policy, authorizers, keySource, validations.models());
    }

    private ApiType type() {
        try {
            return ApiType.valueOf(spec.type.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            problems.add("type", "unknown API type '" + spec.type + "' (expected HTTP or REST)");
            return ApiType.HTTP;
        }
    }

    private String basePath() {
        String basePath = spec.basePath == null || spec.basePath.isEmpty() ? "/" : spec.basePath;
        if (!checkPrefix(basePath.equals("/") ? "" : basePath, "base-path")) {
            return "/";
        }
        return basePath;
    }

    private boolean checkPrefix(String prefix, String path) {
        if (prefix.isEmpty()) {
            return true;
        }
        if (!prefix.startsWith("/")) {
            problems.add(path, "'" + prefix + "' must start with '/'");
            return false;
        }
        if (prefix.endsWith("/")) {
            problems.add(path, "'" + prefix + "' must not end with '/'");
            return false;
        }
        for (String segment : prefix.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || !segment.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-._~$".indexOf(c) >= 0)) {
                problems.add(path, "'" + prefix + "' must be plain path segments (letters, digits, '-', '.', '_', '~')");
                return false;
            }
        }
        return true;
    }

    private void checkTimeout(Duration timeout, ApiType type, String path) {
        Duration max = type == ApiType.REST ? MAX_REST_TIMEOUT : MAX_HTTP_TIMEOUT;
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(max) > 0) {
            problems.add(path, timeout.toMillis() + " ms is out of range: a " + type + " API's integration timeout is "
                    + MIN_TIMEOUT.toMillis() + " ms to " + max.toSeconds() + " s");
        }
    }

    private void checkBodySize(long bytes, String path) {
        if (bytes < 1) {
            problems.add(path, bytes + " must be at least 1 byte");
        }
    }

    private List<Stage> stages() {
        Map<String, Api.StageDefinition> definitions = spec.stages.isEmpty()
                ? Map.of(Stage.DEFAULT, new Api.StageDefinition(Map.of(), null)) : spec.stages;
        List<Stage> stages = new ArrayList<>();
        Map<String, String> prefixes = new HashMap<>();
        for (Map.Entry<String, Api.StageDefinition> entry : definitions.entrySet()) {
            String name = entry.getKey();
            String path = "stages[" + name + "]";
            if (!Stage.DEFAULT.equals(name) && (name == null || !NAME.matcher(name).matches())) {
                problems.add(path, "stage name '" + name + "' must be '$default' or 1-128 letters, digits, '-' or '_'");
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            entry.getValue().variables().forEach((k, v) -> {
                if (!STAGE_VARIABLE_NAME.matcher(k).matches()) {
                    problems.add(path + ".variables[" + k + "]", "stage variable names are 1-64 letters, digits or '_'");
                } else {
                    variables.put(k, v == null ? "" : v);
                }
            });
            String prefix = entry.getValue().pathPrefix() == null ? Stage.defaultPathPrefix(name) : entry.getValue().pathPrefix();
            if (prefix.equals("/")) {
                prefix = "";
            }
            if (!checkPrefix(prefix, path + ".path-prefix")) {
                continue;
            }
            String other = prefixes.putIfAbsent(prefix, name);
            if (other != null) {
                problems.add(path + ".path-prefix", "'" + prefix + "' is already the path prefix of stage '" + other + "'");
                continue;
            }
            stages.add(new Stage(name, variables, prefix));
        }
        return stages;
    }

    private List<Route> routes(ApiType type, Duration defaultTimeout, long defaultMaxBody, List<Stage> stages,
                               AuthorizerValidator authorizerValidator, Map<String, Authorizer> authorizers,
                               RequestValidationValidator validations) {
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < spec.routes.size(); i++) {
            RouteSpec routeSpec = spec.routes.get(i);
            String path = "routes[" + i + "]";
            RouteKey key = RouteKey.parse(routeSpec.routeKey(), path + ".route-key", problems);
            if (key != null) {
                String identity = key.isDefault() ? RouteKey.DEFAULT : key.method() + " " + key.shape();
                Integer previous = seen.putIfAbsent(identity, i);
                if (previous != null) {
                    problems.add(path + ".route-key", "'" + key + "' conflicts with routes[" + previous + "] '"
                            + spec.routes.get(previous).routeKey().trim() + "' (same method and path)");
                }
            }
            long maxBody = routeSpec.maxRequestBodySize() == null ? defaultMaxBody : routeSpec.maxRequestBodySize();
            checkBodySize(maxBody, path + ".max-request-body-size");
            if (routeSpec.integration() == null) {
                problems.add(path + ".integration", "must be set");
                continue;
            }
            RouteAuthorization authorization = authorizerValidator.route(routeSpec, authorizers, spec.authorizers, path);
            RequestValidation validation = validations.route(routeSpec, key, path);
            Integration integration = integration(routeSpec.integration(), key, type, defaultTimeout, stages, path + ".integration");
            if (key != null && integration != null) {
                routes.add(new Route(key, integration, maxBody, authorization, routeSpec.apiKeyRequired(), validation,
                        new CacheValidator(problems).route(routeSpec.cache(), key, path + ".cache"),
                        steps(routeSpec.steps(), path)));
            }
        }
        return routes;
    }

    private List<StepUse> steps(List<StepUse> steps, String path) {
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j).name().isBlank()) {
                problems.add(path + ".steps[" + j + "].name", "must be set (the name of a step bean)");
            }
        }
        return steps;
    }

    private Integration integration(IntegrationSpec spec, RouteKey key, ApiType apiType, Duration defaultTimeout,
                                    List<Stage> stages, String path) {
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
        checkTimeout(spec.timeout(), apiType, path + ".timeout");
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

    private Integration httpProxy(IntegrationSpec spec, RouteKey key, ApiType apiType, Duration defaultTimeout,
                                  List<Stage> stages, String path) {
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

    private Integration http(IntegrationSpec spec, RouteKey key, ApiType apiType, Duration defaultTimeout,
                             List<Stage> stages, String path) {
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

    private void checkUri(UriTemplate uri, RouteKey key, List<Stage> stages, String path) {
        checkUri(uri, key, Set.of(), stages, path);
    }

    private void checkUri(UriTemplate uri, RouteKey key, Set<String> mappedVariables, List<Stage> stages, String path) {
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

    private static String uriProblem(String text) {
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

    private Integration function(IntegrationSpec spec, ApiType apiType, Duration defaultTimeout, String path) {
        int before = problems.asList().size();
        if (spec.function() == null || spec.function().isBlank()) {
            problems.add(path + ".function", "must name the function of a FUNCTION integration");
        }
        String version = spec.payloadFormatVersion() == null ? (apiType == ApiType.REST ? "1.0" : "2.0")
                : spec.payloadFormatVersion().trim();
        if (!version.equals("1.0") && !version.equals("2.0")) {
            problems.add(path + ".payload-format-version", "'" + spec.payloadFormatVersion() + "' must be 1.0 or 2.0");
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
        if (problems.asList().size() > before) {
            return null;
        }
        return new FunctionIntegration(spec.function().trim(), version, timeout, concurrency, proxy, mapping);
    }

    private Integration mock(IntegrationSpec spec, String path) {
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
