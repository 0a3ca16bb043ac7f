package io.tollgate.core.api;

import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.AuthorizerValidator;
import io.tollgate.core.api.auth.RouteAuthorization;
import io.tollgate.core.api.cache.CacheValidator;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.integration.IntegrationValidator;
import io.tollgate.core.api.integration.NonProxyValidator;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.api.usage.ThrottleValidator;
import io.tollgate.core.api.validation.RequestValidation;
import io.tollgate.core.api.validation.RequestValidationValidator;
import org.jspecify.annotations.Nullable;

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

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

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
        RequestValidationValidator validations = new RequestValidationValidator(problems,
                spec.id == null || spec.id.isBlank() ? spec.name : spec.id, spec.models);
        List<Route> routes = routes(type, defaultTimeout, defaultMaxBody, stages, authorizerValidator, authorizers, validations);
        ThrottleValidator throttles = new ThrottleValidator(problems);
        stages = throttles.stages(stages, routes, spec.throttles);
        stages = new CacheValidator(problems).stages(stages, spec.stageCaches);
        stages = methodSettings(stages, routes);
        ApiKeySource keySource = throttles.apiKeySource(spec.apiKeySource);
        Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses =
                new NonProxyValidator(problems).gatewayResponses(spec.gatewayResponses);
        List<String> binary = BinaryMediaTypes.validate(spec.binaryMediaTypes, problems);
        CorsConfiguration cors = CorsConfiguration.validate(spec.cors, problems);
        ResourcePolicy policy = ResourcePolicy.validate(spec.resourcePolicy, problems);
        SelectionExpression routeSelection = webSocket(type, routes);
        WebSocketSettings webSocket = spec.webSocket == null ? WebSocketSettings.DEFAULTS : spec.webSocket;
        webSocket.check("websocket", problems);
        problems.throwIfAny("api '" + spec.name + "'");
        return new Api(spec.name, spec.id == null || spec.id.isBlank() ? spec.name : spec.id, type, basePath, routes,
                stages, gatewayResponses, binary, cors, policy, authorizers, keySource, validations.models(),
                routeSelection, webSocket);
    }

    /** Each stage with its method settings, keyed by a route key of the API or &#42;/&#42;. */
    private List<Stage> methodSettings(List<Stage> stages, List<Route> routes) {
        Set<String> keys = new HashSet<>();
        routes.forEach(r -> keys.add(r.key().toString()));
        Set<String> names = new HashSet<>();
        stages.forEach(stage -> names.add(stage.name()));
        spec.methodSettings.keySet().stream().filter(name -> !names.contains(name)).forEach(name ->
                problems.add("stages." + name + ".method-settings", "method settings of a stage the API does not have "
                        + names));
        List<Stage> result = new ArrayList<>();
        for (Stage stage : stages) {
            Map<String, MethodSetting> given = spec.methodSettings.getOrDefault(stage.name(), Map.of());
            Map<String, MethodSetting> settings = new LinkedHashMap<>();
            given.forEach((key, setting) -> {
                String normalized = MethodSetting.key(key);
                if (!normalized.equals(MethodSetting.ALL_ROUTES) && !keys.contains(normalized)) {
                    problems.add("stages." + stage.name() + ".method-settings[" + key + "]", "'" + key
                            + "' is neither a route key of the API nor */* (all routes)");
                } else if (setting != null) {
                    settings.put(normalized, setting);
                }
            });
            result.add(settings.isEmpty() ? stage : stage.withMethodSettings(settings));
        }
        return result;
    }

    private ApiType type() {
        try {
            return ApiType.valueOf(spec.type.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            problems.add("type", "unknown API type '" + spec.type + "' (expected HTTP, REST or WEBSOCKET)");
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
        IntegrationValidator.checkTimeout(timeout, type, path, problems);
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
                if (!Stage.isVariableName(k)) {
                    problems.add(path + ".variables[" + k + "]", Stage.VARIABLE_NAME_RULE);
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
            boolean webSocket = type == ApiType.WEBSOCKET;
            RouteKey key = webSocket ? RouteKey.parseWebSocket(routeSpec.routeKey(), path + ".route-key", problems)
                    : RouteKey.parse(routeSpec.routeKey(), path + ".route-key", problems);
            if (key != null) {
                String identity = key.isDefault() || webSocket ? key.toString() : key.method() + " " + key.shape();
                Integer previous = seen.putIfAbsent(identity, i);
                if (previous != null) {
                    problems.add(path + ".route-key", "'" + key + "' conflicts with routes[" + previous + "] '"
                            + String.valueOf(spec.routes.get(previous).routeKey()).trim() + "' ("
                            + (webSocket ? "the same key" : "same method and path") + ")");
                }
            }
            boolean twoWay = twoWay(routeSpec, key, webSocket, path);
            long maxBody = routeSpec.maxRequestBodySize() == null ? defaultMaxBody : routeSpec.maxRequestBodySize();
            checkBodySize(maxBody, path + ".max-request-body-size");
            if (routeSpec.integration() == null) {
                problems.add(path + ".integration", "must be set");
                continue;
            }
            RouteAuthorization authorization = authorizerValidator.route(routeSpec, authorizers, spec.authorizers, path);
            RequestValidation validation = validations.route(routeSpec, key, path);
            Integration integration = new IntegrationValidator(problems)
                    .integration(routeSpec.integration(), key, type, defaultTimeout, stages, path + ".integration");
            if (key != null && integration != null) {
                routes.add(new Route(key, integration, maxBody, authorization, routeSpec.apiKeyRequired(), validation,
                        new CacheValidator(problems).route(routeSpec.cache(), key, path + ".cache"),
                        steps(routeSpec.steps(), path), twoWay));
            }
        }
        return routes;
    }

    /** Whether a route has a route response (WebSocket APIs only; {@code $default} is the only one AWS has). */
    private boolean twoWay(RouteSpec route, @Nullable RouteKey key, boolean webSocket, String path) {
        String expression = route.routeResponseSelectionExpression();
        if (expression == null) {
            return false;
        }
        String at = path + ".route-response-selection-expression";
        if (!webSocket) {
            problems.add(at, "only a WebSocket API's routes have route responses");
        } else if (!expression.equals(RouteKey.DEFAULT)) {
            problems.add(at, "'" + expression + "' is not supported: '$default' (the only route response AWS has) makes"
                    + " the route two-way");
        } else if (key != null && (key.toString().equals(RouteKey.CONNECT) || key.toString().equals(RouteKey.DISCONNECT))) {
            problems.add(at, "'" + key + "' cannot answer with a message: its connection is not open yet, or any more");
        }
        return true;
    }

    /**
     * A WebSocket API's route selection expression (required), and what its routes may not do: authorize or require
     * an API key elsewhere than on {@code $connect} (AWS runs both on the connection's upgrade only), be cached or
     * validated. Null for the other types, which may not have one.
     */
    private @Nullable SelectionExpression webSocket(ApiType type, List<Route> routes) {
        if (type != ApiType.WEBSOCKET) {
            if (spec.routeSelectionExpression != null) {
                problems.add("route-selection-expression", "only a WebSocket API (type: WEBSOCKET) has one");
            }
            if (spec.webSocket != null) {
                problems.add("websocket", "only a WebSocket API (type: WEBSOCKET) has WebSocket settings");
            }
            for (int i = 0; i < spec.routes.size(); i++) {
                IntegrationSpec integration = spec.routes.get(i).integration();
                if (integration != null && integration.templateSelectionExpression() != null) {
                    problems.add("routes[" + i + "].integration.template-selection-expression", "only a WebSocket"
                            + " API's integrations choose templates by expression (the others by content type)");
                }
            }
            return null;
        }
        for (int i = 0; i < spec.routes.size(); i++) {
            RouteSpec route = spec.routes.get(i);
            String path = "routes[" + i + "]";
            boolean connect = RouteKey.CONNECT.equals(route.routeKey());
            if (!connect && (route.authorizer() != null || route.authorizationType() != null)) {
                problems.add(path + ".authorizer", "a WebSocket API authorizes on '$connect' only (once per connection;"
                        + " every later event of the connection carries what its authorizer found)");
            }
            if (!connect && route.apiKeyRequired()) {
                problems.add(path + ".api-key-required", "a WebSocket API requires API keys on '$connect' only");
            }
            if (route.cache() != null) {
                problems.add(path + ".cache", "a WebSocket API's routes are not cached");
            }
            if (route.requestValidator() != null || !route.requestModels().isEmpty()
                    || !route.requestParameters().isEmpty()) {
                problems.add(path + ".request-validator", "not supported on a WebSocket API's routes");
            }
        }
        if (spec.cors != null) {
            problems.add("cors", "a WebSocket API has no CORS");
        }
        if (spec.routeSelectionExpression == null || spec.routeSelectionExpression.isBlank()) {
            problems.add("route-selection-expression", "must be set for a WebSocket API (for example"
                    + " '$request.body.action')");
            return null;
        }
        return SelectionExpression.parse(spec.routeSelectionExpression, "route-selection-expression", problems);
    }

    private List<StepUse> steps(List<StepUse> steps, String path) {
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j).name().isBlank()) {
                problems.add(path + ".steps[" + j + "].name", "must be set (the name of a step bean)");
            }
        }
        return steps;
    }

}
