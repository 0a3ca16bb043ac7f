package io.tollgate.core.api.usage;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks an API's stage throttles against its stages and routes, and its API key source. */
public final class ThrottleValidator {

    private final Problems problems;

    public ThrottleValidator(Problems problems) {
        this.problems = problems;
    }

    /** The stages with their throttles; problems at {@code stages.<stage>.throttle...}. */
    public List<Stage> stages(List<Stage> stages, List<Route> routes, Map<String, Api.ThrottleDefinition> throttles) {
        Map<String, Stage> byName = new HashMap<>();
        stages.forEach(stage -> byName.put(stage.name(), stage));
        Set<String> routeKeys = routes.stream().map(r -> r.key().toString()).collect(Collectors.toSet());
        for (String name : throttles.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add("stages." + name + ".throttle", "throttles a stage the API does not have " + byName.keySet());
            }
        }
        List<Stage> result = new ArrayList<>();
        for (Stage stage : stages) {
            Api.ThrottleDefinition definition = throttles.get(stage.name());
            if (definition == null) {
                result.add(stage);
                continue;
            }
            Map<String, Throttle> perRoute = new HashMap<>();
            definition.routeThrottles().forEach((key, throttle) -> {
                String normalized = RouteKey.canonical(key);
                if (!routeKeys.contains(normalized)) {
                    problems.add("stages." + stage.name() + ".route-throttles[" + key + "]",
                            "'" + key + "' is not a route key of the API");
                } else if (throttle != null) {
                    perRoute.put(normalized, throttle);
                }
            });
            result.add(new Stage(stage.name(), stage.variables(), stage.pathPrefix(), definition.throttle(), perRoute));
        }
        return result;
    }

    public ApiKeySource apiKeySource(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return ApiKeySource.HEADER;
        }
        try {
            return ApiKeySource.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("api-key-source", "'" + text + "' is not HEADER or AUTHORIZER");
            return ApiKeySource.HEADER;
        }
    }
}
