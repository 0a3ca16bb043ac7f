package io.tollgate.core.server.deploy;

import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.api.usage.Throttle;
import net.minidev.json.JSONObject;
import net.minidev.json.JSONValue;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Deployments and stage states as JSON, the form a shared store keeps them in: everything a stage is (its settings,
 * its deployment, history and canary), so that every instance compiles the same gateway from it.
 */
final class StoredForm {

    private StoredForm() {
    }

    static String deployment(Deployment deployment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", deployment.id());
        json.put("api", deployment.api());
        json.put("description", deployment.description());
        json.put("createdAt", deployment.createdAt().toString());
        json.put("definition", deployment.definition());
        return JSONValue.toJSONString(json);
    }

    @SuppressWarnings("unchecked")
    static Deployment deployment(String text) {
        Map<String, Object> json = object(text);
        return new Deployment(string(json, "id"), string(json, "api"), string(json, "description"),
                Instant.parse(string(json, "createdAt")), (Map<String, Object>) json.getOrDefault("definition", Map.of()));
    }

    static String stage(StageState state) {
        Stage stage = state.stage();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("api", state.api());
        json.put("name", stage.name());
        json.put("deploymentId", stage.deploymentId());
        json.put("variables", stage.variables());
        json.put("pathPrefix", stage.pathPrefix());
        json.put("throttle", throttle(stage.throttle()));
        Map<String, Object> routeThrottles = new LinkedHashMap<>();
        stage.routeThrottles().forEach((route, throttle) -> routeThrottles.put(route, throttle(throttle)));
        json.put("routeThrottles", routeThrottles);
        StageCache cache = stage.cache();
        if (cache != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("capacityBytes", cache.capacityBytes());
            c.put("ttlMillis", cache.ttl().toMillis());
            c.put("requireAuthorizationForCacheControl", cache.requireAuthorizationForCacheControl());
            c.put("unauthorizedStrategy", cache.unauthorizedStrategy().name());
            c.put("invalidatorPrincipals", new ArrayList<>(cache.invalidatorPrincipals()));
            c.put("invalidatorScopes", new ArrayList<>(cache.invalidatorScopes()));
            json.put("cache", c);
        }
        Map<String, Object> methodSettings = new LinkedHashMap<>();
        stage.methodSettings().forEach((route, setting) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loggingLevel", setting.loggingLevel() == null ? null : setting.loggingLevel().name());
            m.put("metricsEnabled", setting.metricsEnabled());
            m.put("tracingEnabled", setting.tracingEnabled());
            methodSettings.put(route, m);
        });
        json.put("methodSettings", methodSettings);
        json.put("history", state.history());
        CanarySettings canary = state.canary();
        if (canary != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("deploymentId", canary.deploymentId());
            c.put("percentTraffic", canary.percentTraffic());
            c.put("stageVariableOverrides", canary.stageVariableOverrides());
            c.put("useStageCache", canary.useStageCache());
            if (canary.sticky() != null) {
                c.put("sticky", Map.of("kind", canary.sticky().kind().name(), "name", canary.sticky().name()));
            }
            CanaryAbort abort = canary.abort();
            if (abort != null) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("windowMillis", abort.window().toMillis());
                a.put("minRequests", abort.minRequests());
                a.put("errorRateMargin", abort.errorRateMargin());
                a.put("latencyMarginMillis", abort.latencyMargin() == null ? null : abort.latencyMargin().toMillis());
                c.put("abort", a);
            }
            json.put("canary", c);
        }
        json.put("updatedAt", state.updatedAt().toString());
        json.put("cacheFlushes", state.cacheFlushes());
        return JSONValue.toJSONString(json);
    }

    @SuppressWarnings("unchecked")
    static StageState stage(String text) {
        Map<String, Object> json = object(text);
        Map<String, Throttle> routeThrottles = new LinkedHashMap<>();
        ((Map<String, Object>) json.getOrDefault("routeThrottles", Map.of())).forEach((route, t) -> {
            Throttle throttle = throttle((Map<String, Object>) t);
            if (throttle != null) {
                routeThrottles.put(route, throttle);
            }
        });
        StageCache cache = null;
        Map<String, Object> c = (Map<String, Object>) json.get("cache");
        if (c != null) {
            cache = new StageCache(number(c, "capacityBytes").longValue(), Duration.ofMillis(number(c, "ttlMillis").longValue()),
                    Boolean.TRUE.equals(c.get("requireAuthorizationForCacheControl")),
                    UnauthorizedCacheControlHeaderStrategy.valueOf(string(c, "unauthorizedStrategy")),
                    new LinkedHashSet<>((List<String>) c.getOrDefault("invalidatorPrincipals", List.of())),
                    new LinkedHashSet<>((List<String>) c.getOrDefault("invalidatorScopes", List.of())));
        }
        Map<String, MethodSetting> methodSettings = new LinkedHashMap<>();
        ((Map<String, Object>) json.getOrDefault("methodSettings", Map.of())).forEach((route, m) -> {
            Map<String, Object> setting = (Map<String, Object>) m;
            Object level = setting.get("loggingLevel");
            methodSettings.put(route, new MethodSetting(level == null ? null : ExecutionLogLevel.valueOf(level.toString()),
                    (Boolean) setting.get("metricsEnabled"), (Boolean) setting.get("tracingEnabled")));
        });
        Stage stage = new Stage(string(json, "name"), strings((Map<String, Object>) json.getOrDefault("variables", Map.of())),
                string(json, "pathPrefix"), throttle((Map<String, Object>) json.get("throttle")), routeThrottles, cache,
                string(json, "deploymentId"), null, methodSettings);
        CanarySettings canary = null;
        Map<String, Object> k = (Map<String, Object>) json.get("canary");
        if (k != null) {
            Map<String, Object> sticky = (Map<String, Object>) k.get("sticky");
            Map<String, Object> a = (Map<String, Object>) k.get("abort");
            CanaryAbort abort = a == null ? null : new CanaryAbort(Duration.ofMillis(number(a, "windowMillis").longValue()),
                    number(a, "minRequests").longValue(), number(a, "errorRateMargin").doubleValue(),
                    a.get("latencyMarginMillis") == null ? null
                            : Duration.ofMillis(number(a, "latencyMarginMillis").longValue()));
            canary = new CanarySettings(string(k, "deploymentId"), number(k, "percentTraffic").doubleValue(),
                    strings((Map<String, Object>) k.getOrDefault("stageVariableOverrides", Map.of())),
                    !Boolean.FALSE.equals(k.get("useStageCache")),
                    sticky == null ? null : new CanarySticky(CanarySticky.Kind.valueOf(string(sticky, "kind")),
                            string(sticky, "name")), abort);
        }
        return new StageState(string(json, "api"), stage, (List<String>) json.getOrDefault("history", List.of()), canary,
                Instant.parse(string(json, "updatedAt")),
                json.get("cacheFlushes") instanceof Number flushes ? flushes.longValue() : 0);
    }

    private static @Nullable Map<String, Object> throttle(@Nullable Throttle throttle) {
        if (throttle == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rateLimit", throttle.rateLimit());
        json.put("burstLimit", throttle.burstLimit());
        return json;
    }

    private static @Nullable Throttle throttle(@Nullable Map<String, Object> json) {
        return json == null ? null : new Throttle(number(json, "rateLimit").doubleValue(),
                number(json, "burstLimit").longValue());
    }

    private static Map<String, Object> object(String text) {
        Object parsed = JSONValue.parse(text);
        if (!(parsed instanceof JSONObject object)) {
            throw new IllegalStateException("not a stored deployment or stage: " + text);
        }
        return object;
    }

    private static String string(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            throw new IllegalStateException("a stored value lacks '" + name + "'");
        }
        return value.toString();
    }

    private static Number number(Map<String, Object> json, String name) {
        if (json.get(name) instanceof Number number) {
            return number;
        }
        throw new IllegalStateException("a stored value lacks the number '" + name + "'");
    }

    private static Map<String, String> strings(Map<String, Object> json) {
        Map<String, String> strings = new LinkedHashMap<>();
        json.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }
}
