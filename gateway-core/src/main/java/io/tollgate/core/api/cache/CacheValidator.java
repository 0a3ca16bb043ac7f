package io.tollgate.core.api.cache;

import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks an API's stage caches and its routes' cache settings; problems at {@code stages.<stage>.cache...}, {@code routes[i].cache...}. */
public final class CacheValidator {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Problems problems;

    public CacheValidator(Problems problems) {
        this.problems = problems;
    }

    /** The stages with their caches. */
    public List<Stage> stages(List<Stage> stages, Map<String, StageCacheSpec> caches) {
        Set<String> names = new LinkedHashSet<>();
        stages.forEach(stage -> names.add(stage.name()));
        for (String name : caches.keySet()) {
            if (!names.contains(name)) {
                problems.add("stages." + name + ".cache", "configures a cache for a stage the API does not have " + names);
            }
        }
        List<Stage> result = new ArrayList<>();
        for (Stage stage : stages) {
            StageCacheSpec spec = caches.get(stage.name());
            StageCache cache = spec == null ? null : stageCache(spec, "stages." + stage.name() + ".cache");
            result.add(cache == null ? stage : new Stage(stage.name(), stage.variables(), stage.pathPrefix(),
                    stage.throttle(), stage.routeThrottles(), cache));
        }
        return result;
    }

    private @Nullable StageCache stageCache(StageCacheSpec spec, String path) {
        if (!Boolean.TRUE.equals(spec.enabled())) {
            return null;
        }
        long capacity = spec.capacityBytes() == null ? StageCache.DEFAULT_CAPACITY : spec.capacityBytes();
        if (capacity < 1) {
            problems.add(path + ".capacity", capacity + " bytes: the capacity must be positive (AWS's sizes are 0.5 GB to 237 GB)");
        }
        Duration ttl = ttl(spec.ttl() == null ? StageCache.DEFAULT_TTL : spec.ttl(), path + ".ttl");
        UnauthorizedCacheControlHeaderStrategy strategy = UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER;
        String text = spec.unauthorizedCacheControlHeaderStrategy();
        if (text != null && !text.isBlank()) {
            try {
                strategy = UnauthorizedCacheControlHeaderStrategy.valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(path + ".unauthorized-cache-control-header-strategy", "'" + text + "' is not FAIL_WITH_403,"
                        + " SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER");
            }
        }
        Set<String> principals = nonBlank(spec.invalidatorPrincipals(), path + ".invalidators.principals");
        Set<String> scopes = nonBlank(spec.invalidatorScopes(), path + ".invalidators.scopes");
        return new StageCache(Math.max(capacity, 1), ttl, !Boolean.FALSE.equals(spec.requireAuthorizationForCacheControl()),
                strategy, principals, scopes);
    }

    private Set<String> nonBlank(@Nullable List<String> values, String path) {
        Set<String> result = new LinkedHashSet<>();
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                if (value == null || value.isBlank()) {
                    problems.add(path + "[" + i + "]", "must not be empty");
                } else {
                    result.add(value.trim());
                }
            }
        }
        return result;
    }

    private Duration ttl(Duration ttl, String path) {
        if (ttl.isNegative() || ttl.compareTo(StageCache.MAX_TTL) > 0) {
            problems.add(path, ttl.toSeconds() + " s is out of range: a cache TTL is 0 (off) to 3600 s");
            return Duration.ZERO;
        }
        return ttl;
    }

    /** A route's cache settings; {@code key} is null when the route key itself is invalid. */
    public RouteCache route(@Nullable RouteCacheSpec spec, @Nullable RouteKey key, String path) {
        if (spec == null) {
            return RouteCache.DEFAULT;
        }
        Duration ttl = spec.ttl() == null ? null : ttl(spec.ttl(), path + ".ttl");
        List<CacheKeyParameter> parameters = new ArrayList<>();
        List<String> texts = spec.keyParameters() == null ? List.of() : spec.keyParameters();
        for (int i = 0; i < texts.size(); i++) {
            String entry = path + ".key-parameters[" + i + "]";
            CacheKeyParameter parameter = CacheKeyParameter.parse(texts.get(i), entry, problems);
            if (parameter == null) {
                continue;
            }
            if (parameter.location() == CacheKeyParameter.Location.PATH && key != null
                    && !key.pathVariableNames().contains(parameter.name())) {
                problems.add(entry, "'" + parameter.text() + "': the route key '" + key + "' has no path parameter '"
                        + parameter.name() + "'");
                continue;
            }
            parameters.add(parameter);
        }
        Set<String> methods = new LinkedHashSet<>();
        List<String> methodTexts = spec.methods() == null || spec.methods().isEmpty() ? List.of("GET") : spec.methods();
        for (int i = 0; i < methodTexts.size(); i++) {
            String method = methodTexts.get(i) == null ? "" : methodTexts.get(i).trim().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                problems.add(path + ".methods[" + i + "]", "'" + methodTexts.get(i) + "' is not one of " + METHODS);
            } else {
                methods.add(method);
            }
        }
        return new RouteCache(spec.enabled(), ttl, parameters, methods, Boolean.TRUE.equals(spec.publicResponses()));
    }
}
