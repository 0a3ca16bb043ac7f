package io.tollgate.autoconfigure;

import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.deploy.CanaryAbort;
import io.tollgate.core.server.deploy.CanarySettings;
import io.tollgate.core.server.deploy.Deployment;
import io.tollgate.core.server.deploy.DeploymentException;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.StageState;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The deployments part of {@code /actuator/tollgate}: deployments (list, read, compare, create), stages (read, deploy,
 * roll back, change variables and throttle, delete) and canaries (set, promote, delete). Reads are always served;
 * writes only with {@code tollgate.deployments.writes-enabled=true}. Stage variable values are not shown (they may hold
 * secrets), nor are URI passwords in definitions.
 */
final class DeploymentsEndpointPart {

    /** The sections this part serves. */
    static final Set<String> SECTIONS = Set.of("deployments", "stages", "canary", "diff");

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final Deployments deployments;
    private final boolean writes;
    private final @Nullable OpenApiImports imports;

    DeploymentsEndpointPart(Deployments deployments, boolean writes) {
        this(deployments, writes, null);
    }

    /** With the OpenAPI imports, for deployments made from a document ({@code null}: imports off). */
    DeploymentsEndpointPart(Deployments deployments, boolean writes, @Nullable OpenApiImports imports) {
        this.imports = imports;
        this.deployments = deployments;
        this.writes = writes;
    }

    /** {@code deployments} (of every API) or {@code stages}. */
    Mono<WebEndpointResponse<Object>> section(String section) {
        return call(() -> switch (section) {
            case "stages" -> deployments.stages().stream().map(DeploymentsView::stage).toList();
            case "deployments" -> {
                Map<String, Object> byApi = new TreeMap<>();
                List<StageState> stages = deployments.stages();
                stages.stream().map(StageState::api).distinct().forEach(api -> byApi.put(api,
                        deployments.deployments(api).stream().map(d -> DeploymentsView.summary(d, stages)).toList()));
                yield byApi;
            }
            default -> throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no " + section);
        });
    }

    /** {@code deployments/{api}} or {@code stages/{api}}. */
    Mono<WebEndpointResponse<Object>> item(String section, String api) {
        return call(() -> switch (section) {
            case "deployments" -> {
                List<Deployment> of = deployments.deployments(api);
                if (of.isEmpty()) {
                    throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no api named '" + api + "'");
                }
                List<StageState> stages = deployments.stages();
                yield of.stream().map(d -> DeploymentsView.summary(d, stages)).toList();
            }
            case "stages" -> {
                List<Object> stages = deployments.stages().stream().filter(s -> s.api().equals(api))
                        .map(s -> (Object) DeploymentsView.stage(s)).toList();
                if (stages.isEmpty()) {
                    throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no api named '" + api + "'");
                }
                yield stages;
            }
            default -> throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no " + section);
        });
    }

    /** {@code deployments/{api}/{id}} (with its definition) or {@code stages/{api}/{stage}}. */
    Mono<WebEndpointResponse<Object>> item(String section, String api, String id) {
        return call(() -> switch (section) {
            case "deployments" -> {
                Deployment deployment = deployments.deployment(api, id);
                Map<String, Object> values = summary(deployment);
                values.put("definition", deployment.hasDefinition() ? DeploymentsView.mask(deployment.definition()) : null);
                if (!deployment.hasDefinition()) {
                    values.put("definedInCode", true);
                }
                yield values;
            }
            case "stages" -> DeploymentsView.stage(deployments.stage(api, id));
            default -> throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no " + section);
        });
    }

    /** {@code diff/{api}/{from}/{to}}: what changed from one deployment to another. */
    Mono<WebEndpointResponse<Object>> diff(String section, String api, String from, String to) {
        return call(() -> {
            if (!section.equals("diff")) {
                throw new DeploymentException(DeploymentException.Reason.NOT_FOUND, "no " + section);
            }
            return DeploymentsView.diff(api, from, to, deployments.diff(api, from, to));
        });
    }

    /**
     * {@code POST deployments/{api}}: creates a deployment from {@code definition} (a JSON object, or YAML or JSON
     * text, in the shape of {@code tollgate.apis.<api>}), and deploys it to {@code stage} when one is named.
     */
    Mono<WebEndpointResponse<Object>> create(String section, String api, @Nullable Object definition,
                                             @Nullable String description, @Nullable String stage,
                                             @Nullable Boolean flushCache) {
        return create(section, api, definition, description, stage, flushCache, null, null, null);
    }

    /**
     * As {@link #create(String, String, Object, String, String, Boolean)}, or, with {@code openapi} (an OpenAPI
     * document: JSON or YAML text, or an object), a deployment of what the document makes of the API's latest
     * definition, as AWS's {@code PutRestApi}: {@code mode} {@code merge} (default) or {@code overwrite}; the import's
     * warnings are in the answer, or refuse it with {@code failOnWarnings}.
     */
    Mono<WebEndpointResponse<Object>> create(String section, String api, @Nullable Object definition,
                                             @Nullable String description, @Nullable String stage,
                                             @Nullable Boolean flushCache, @Nullable Object openapi,
                                             @Nullable String mode, @Nullable Boolean failOnWarnings) {
        if (!section.equals("deployments")) {
            return Mono.just(UsageEndpointPart.notFound(section));
        }
        return write(() -> {
            Map<String, Object> tree;
            List<String> warnings = null;
            if (openapi != null) {
                if (definition != null) {
                    throw invalid("openapi", "give a definition or an OpenAPI document, not both");
                }
                OpenApiImports.Put put = put(api, openapi, mode, Boolean.TRUE.equals(failOnWarnings));
                tree = put.definition();
                warnings = put.warnings().stream().map(Object::toString).toList();
            } else {
                tree = definition(definition);
                if (tree.containsKey("openapi")) {
                    // a posted definition never makes the server read a file or a class path resource
                    throw invalid("definition.openapi", "a posted definition cannot name a document to read; post the"
                            + " document itself as 'openapi'");
                }
            }
            Deployment deployment = deployments.create(api, tree, description == null ? "" : description);
            Map<String, Object> values = summary(deployment);
            if (warnings != null) {
                values.put("warnings", warnings);
            }
            if (stage != null) {
                values.put("stage", DeploymentsView.stage(deployments.deploy(api, stage, deployment.id(), Boolean.TRUE.equals(flushCache))));
            }
            return values;
        }, 201);
    }

    /**
     * {@code POST stages/{api}/{stage}}: deploys {@code deploymentId} to the stage (creating it), or rolls it back
     * ({@code rollback: true}); then sets or removes ({@code null}) stage variables and sets ({@code rateLimit},
     * {@code burstLimit}) or removes ({@code removeThrottle}) its throttle. {@code POST canary/{api}/{stage}} sets the
     * stage's canary.
     */
    Mono<WebEndpointResponse<Object>> change(String section, String api, String stage, Map<String, Object> body) {
        return switch (section) {
            case "stages" -> write(() -> DeploymentsView.stage(changeStage(api, stage, body)), WebEndpointResponse.STATUS_OK);
            case "canary" -> write(() -> DeploymentsView.stage(deployments.canary(api, stage, canary(api, stage, body))),
                    WebEndpointResponse.STATUS_OK);
            default -> Mono.just(UsageEndpointPart.notFound(section));
        };
    }

    /** {@code POST canary/{api}/{stage}/promote}. */
    Mono<WebEndpointResponse<Object>> act(String section, String api, String stage, String action) {
        if (!section.equals("canary") || !action.equals("promote")) {
            return Mono.just(UsageEndpointPart.notFound(section + "/" + api + "/" + stage + "/" + action));
        }
        return write(() -> DeploymentsView.stage(deployments.promote(api, stage)), WebEndpointResponse.STATUS_OK);
    }

    /** {@code DELETE canary/{api}/{stage}} or {@code DELETE stages/{api}/{stage}}. */
    Mono<WebEndpointResponse<Object>> delete(String section, String api, String stage) {
        return switch (section) {
            case "canary" -> write(() -> DeploymentsView.stage(deployments.deleteCanary(api, stage)), WebEndpointResponse.STATUS_OK);
            case "stages" -> write(() -> {
                deployments.deleteStage(api, stage);
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("api", api);
                deleted.put("stage", stage);
                deleted.put("deleted", true);
                return deleted;
            }, WebEndpointResponse.STATUS_OK);
            default -> Mono.just(UsageEndpointPart.notFound(section));
        };
    }

    private StageState changeStage(String api, String stage, Map<String, Object> body) {
        boolean flush = Boolean.TRUE.equals(bool(body, "flushCache"));
        String deploymentId = string(body, "deploymentId");
        boolean rollback = Boolean.TRUE.equals(bool(body, "rollback"));
        if (rollback && deploymentId != null) {
            throw invalid("rollback", "give deploymentId or rollback, not both");
        }
        StageState state = rollback ? deployments.rollback(api, stage, flush)
                : deploymentId != null ? deployments.deploy(api, stage, deploymentId, flush)
                : deployments.stage(api, stage);
        Map<String, @Nullable String> variables = new LinkedHashMap<>();
        Map<?, ?> given = map(body, "variables", "an object of names and values (null removes one), such as"
                + " \"{color: red, legacy: null}\"");
        if (given != null) {
            given.forEach((k, v) -> variables.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        Double rate = number(body, "rateLimit");
        Double burst = number(body, "burstLimit");
        boolean removeThrottle = Boolean.TRUE.equals(bool(body, "removeThrottle"));
        Throttle throttle = null;
        if (rate != null || burst != null) {
            if (rate == null || burst == null) {
                throw invalid(rate == null ? "rateLimit" : "burstLimit", "give rateLimit and burstLimit together");
            }
            try {
                throttle = new Throttle(rate, burst.longValue());
            } catch (IllegalArgumentException e) {
                throw invalid("rateLimit", String.valueOf(e.getMessage()));
            }
        }
        Map<String, @Nullable Throttle> routeThrottles = new LinkedHashMap<>();
        Map<?, ?> givenRoutes = map(body, "routeThrottles", "an object of route keys and throttles (null removes one),"
                + " such as \"{'GET /pets/{id}': {rateLimit: 5, burstLimit: 10}}\"");
        if (givenRoutes != null) {
            givenRoutes.forEach((key, value) -> routeThrottles.put(String.valueOf(key), routeThrottle(String.valueOf(key),
                    value)));
        }
        if (!variables.isEmpty() || throttle != null || removeThrottle || !routeThrottles.isEmpty()) {
            state = deployments.update(api, stage, variables, throttle, removeThrottle, routeThrottles);
        }
        Map<?, ?> methodSettings = map(body, "methodSettings", "an object of route keys (or */* for all routes) and"
                + " settings (null removes one), such as \"{'*/*': {loggingLevel: ERROR}, 'GET /pets/{id}':"
                + " {metricsEnabled: false}}\"");
        if (methodSettings != null) {
            state = deployments.methodSettings(api, stage, methodSettings(methodSettings));
        }
        return state;
    }

    private static @Nullable Throttle routeThrottle(String route, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        String path = "routeThrottles[" + route + "]";
        if (!(value instanceof Map<?, ?> given)) {
            throw invalid(path, "must be an object of rateLimit and burstLimit");
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        given.forEach((k, v) -> limits.put(String.valueOf(k), v));
        Double rate = number(limits, "rateLimit");
        Double burst = number(limits, "burstLimit");
        if (rate == null || burst == null) {
            throw invalid(path, "give rateLimit and burstLimit together");
        }
        try {
            return new Throttle(rate, burst.longValue());
        } catch (IllegalArgumentException e) {
            throw invalid(path, String.valueOf(e.getMessage()));
        }
    }

    private static Map<String, @Nullable MethodSetting> methodSettings(Map<?, ?> given) {
        Map<String, @Nullable MethodSetting> settings = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            String route = String.valueOf(key);
            if (value == null) {
                settings.put(route, null);
                return;
            }
            if (!(value instanceof Map<?, ?> setting)) {
                throw invalid("methodSettings[" + route + "]", "must be an object of loggingLevel and metricsEnabled");
            }
            for (Object name : setting.keySet()) {
                if (!"loggingLevel".equals(name) && !"metricsEnabled".equals(name) && !"tracingEnabled".equals(name)) {
                    throw invalid("methodSettings[" + route + "]." + name, "unknown setting: loggingLevel (OFF, ERROR,"
                            + " INFO), metricsEnabled and tracingEnabled (true, false) are");
                }
            }
            ExecutionLogLevel level = null;
            Object levelValue = setting.get("loggingLevel");
            if (levelValue != null) {
                try {
                    level = ExecutionLogLevel.valueOf(String.valueOf(levelValue).trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw invalid("methodSettings[" + route + "].loggingLevel", "must be OFF, ERROR or INFO, was '"
                            + levelValue + "'");
                }
            }
            Map<String, Object> flags = new LinkedHashMap<>();
            setting.forEach((k, v) -> flags.put(String.valueOf(k), v));
            settings.put(route, new MethodSetting(level, bool(flags, "metricsEnabled"), bool(flags, "tracingEnabled")));
        });
        return settings;
    }

    private CanarySettings canary(String api, String stage, Map<String, Object> body) {
        StageState current = deployments.stage(api, stage);
        String deploymentId = string(body, "deploymentId");
        if (deploymentId == null) {
            deploymentId = current.canary() != null ? current.canary().deploymentId() : current.deploymentId();
        }
        Double percent = number(body, "percentTraffic");
        if (percent == null) {
            if (current.canary() == null) {
                throw invalid("percentTraffic", "must be set: the share of requests the canary serves, 0.0 to 100.0");
            }
            percent = current.canary().percentTraffic();
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<?, ?> given = map(body, "stageVariableOverrides", "an object of names and values, such as"
                + " \"{backend: http://pets-v2:8080}\"");
        if (given != null) {
            given.forEach((k, v) -> overrides.put(String.valueOf(k), String.valueOf(v)));
        } else if (current.canary() != null) {
            overrides.putAll(current.canary().stageVariableOverrides());
        }
        Boolean useStageCache = bool(body, "useStageCache");
        String header = string(body, "stickyHeader");
        String cookie = string(body, "stickyCookie");
        if (header != null && cookie != null) {
            throw invalid("stickyCookie", "set stickyHeader or stickyCookie, not both");
        }
        CanarySticky sticky = current.canary() == null ? null : current.canary().sticky();
        if (header != null || cookie != null) {
            try {
                sticky = new CanarySticky(header != null ? CanarySticky.Kind.HEADER
                        : CanarySticky.Kind.COOKIE, header != null ? header : String.valueOf(cookie));
            } catch (IllegalArgumentException e) {
                throw invalid(header != null ? "stickyHeader" : "stickyCookie", "must not be empty");
            }
        }
        CanaryAbort abort = current.canary() == null ? null : current.canary().abort();
        Map<?, ?> abortBody = map(body, "abort", "an object of window, minRequests, errorRateMargin and"
                + " latencyMargin, such as \"{window: 1m, minRequests: 100, errorRateMargin: 0.05}\"");
        if (abortBody != null) {
            abort = abort(abortBody);
        }
        return new CanarySettings(deploymentId, percent, overrides, useStageCache != null ? useStageCache
                : current.canary() == null || current.canary().useStageCache(), sticky, abort);
    }

    private static CanaryAbort abort(Map<?, ?> body) {
        List<Problem> problems = new ArrayList<>();
        TollgateDeploymentsProperties.CanaryAbortProperties properties;
        try {
            properties = new TollgateDeploymentsProperties.CanaryAbortProperties(duration(body.get("window")),
                    body.get("minRequests") == null ? null : Long.valueOf(String.valueOf(body.get("minRequests"))),
                    body.get("errorRateMargin") == null ? null : Double.valueOf(String.valueOf(body.get("errorRateMargin"))),
                    duration(body.get("latencyMargin")));
        } catch (RuntimeException e) {
            throw invalid("abort", "window and latencyMargin are durations (30s, 500ms, PT1M), minRequests a whole"
                    + " number, errorRateMargin a number from 0.0 to 1.0");
        }
        CanaryAbort abort = CanaryPropertiesMapper.abort(properties, "abort", problems);
        if (abort == null) {
            throw new DeploymentException(DeploymentException.Reason.INVALID, "the canary settings are invalid",
                    problems.stream().map(p -> new Problem(camel(p.path()), p.message())).toList(), null);
        }
        return abort;
    }

    private static @Nullable Duration duration(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        return DurationStyle.detectAndParse(String.valueOf(value).trim());
    }

    /** {@code abort.min-requests} as the body names it: {@code abort.minRequests}. */
    private static String camel(String path) {
        StringBuilder camel = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '-' && i + 1 < path.length()) {
                camel.append(Character.toUpperCase(path.charAt(++i)));
            } else {
                camel.append(c);
            }
        }
        return camel.toString();
    }

    /**
     * A posted definition: YAML or JSON text (the WebFlux actuator reads a request body's values as strings), or an
     * object where the actuator passes one as it is.
     */
    /** What the document {@code openapi} makes of the API's latest definition. */
    private OpenApiImports.Put put(String api, Object openapi, @Nullable String mode, boolean failOnWarnings) {
        OpenApiImports available = imports;
        if (available == null) {
            throw invalid("openapi", "OpenAPI imports are off (tollgate.openapi.enabled=false)");
        }
        String text = openapi instanceof String written ? written : JSON.writeValueAsString(openapi);
        if (text.isBlank()) {
            throw invalid("openapi", "must be an OpenAPI document: JSON or YAML text, or an object");
        }
        boolean overwrite;
        if (mode == null || mode.equalsIgnoreCase("merge")) {
            overwrite = false;
        } else if (mode.equalsIgnoreCase("overwrite")) {
            overwrite = true;
        } else {
            throw invalid("mode", "must be merge or overwrite, was '" + mode + "'");
        }
        List<Deployment> existing = deployments.deployments(api);
        Map<String, Object> current = Map.of();
        for (Deployment deployment : existing) {
            if (deployment.hasDefinition()) {
                current = deployment.definition();
            }
        }
        try {
            return available.put(api, current, text, overwrite, failOnWarnings);
        } catch (InvalidDefinitionException e) {
            throw new DeploymentException(DeploymentException.Reason.INVALID, String.valueOf(e.getMessage()).split("\n")[0],
                    e.problems().stream().map(p -> new Problem("openapi" + (p.path().equals("/") ? "" : p.path()),
                            p.message())).toList(), e);
        }
    }

    static Map<String, Object> definition(@Nullable Object definition) {
        Map<String, Object> tree = object(definition, "definition");
        if (tree == null) {
            throw invalid("definition", "must be the API's definition: YAML or JSON text in the shape of"
                    + " tollgate.apis.<name>");
        }
        return tree;
    }

    /** An object value of the body: YAML or JSON text (a flow mapping such as {@code {a: 1}}), or a map. */
    private static @Nullable Map<?, ?> map(Map<String, Object> body, String name, String expected) {
        Object value = body.get(name);
        if (value == null) {
            return null;
        }
        Map<String, Object> map = object(value, name);
        if (map == null) {
            throw invalid(name, "must be " + expected);
        }
        return map;
    }

    /** {@code value} as a tree: a map as it is, text read as YAML (JSON is YAML); null when it is neither. */
    private static @Nullable Map<String, Object> object(@Nullable Object value, String name) {
        Object read = value;
        if (value instanceof String text && !text.isBlank()) {
            try {
                read = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            } catch (RuntimeException e) {
                throw invalid(name, "is neither YAML nor JSON: " + firstLine(e.getMessage()));
            }
        }
        if (read instanceof Map<?, ?> map) {
            Map<String, Object> tree = new LinkedHashMap<>();
            map.forEach((k, v) -> tree.put(String.valueOf(k), v));
            return tree;
        }
        return null;
    }

    private Map<String, Object> summary(Deployment deployment) {
        return DeploymentsView.summary(deployment, deployments.stages());
    }

    private Mono<WebEndpointResponse<Object>> write(Callable<Object> change, int status) {
        if (!writes) {
            return Mono.just(new WebEndpointResponse<>(Map.of("message", "changing deployments and stages is off: set"
                    + " tollgate.deployments.writes-enabled=true, on an actuator the application secures"),
                    403));
        }
        return call(change, status);
    }

    private static Mono<WebEndpointResponse<Object>> call(Callable<Object> read) {
        return call(read, WebEndpointResponse.STATUS_OK);
    }

    /** Runs a call off the event loop (a change compiles a gateway); a refusal is its status with the reason. */
    private static Mono<WebEndpointResponse<Object>> call(Callable<Object> call, int status) {
        return Mono.fromCallable(() -> new WebEndpointResponse<>(call.call(), status))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(DeploymentException.class, e -> Mono.just(refusal(e)));
    }

    static WebEndpointResponse<Object> refusal(DeploymentException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        String message = String.valueOf(e.getMessage());
        body.put("message", e.problems().isEmpty() ? message : message.substring(0, message.indexOf('\n')));
        if (!e.problems().isEmpty()) {
            body.put("problems", e.problems().stream().map(p -> {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("property", p.path());
                problem.put("message", p.message());
                return problem;
            }).toList());
        }
        return new WebEndpointResponse<>(body, e.reason().status());
    }

    private static DeploymentException invalid(String property, String message) {
        return new DeploymentException(DeploymentException.Reason.INVALID, "the request is invalid",
                List.of(new Problem(property, message)), null);
    }

    private static @Nullable String string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value == null ? null : String.valueOf(value);
    }

    private static @Nullable Boolean bool(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = String.valueOf(value);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw invalid(name, "must be true or false, was '" + text + "'");
    }

    private static @Nullable Double number(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.valueOf(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a number, was '" + value + "'");
        }
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
