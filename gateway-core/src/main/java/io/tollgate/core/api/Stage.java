package io.tollgate.core.api;

import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.usage.Throttle;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/**
 * A stage of an API: its name, its stage variables and the path prefix that selects it. The {@code $default}
 * stage is served without a prefix (HTTP API style); any other stage is served under {@code /{name}} (REST style)
 * unless its path prefix says otherwise. {@code throttle} limits all its routes together (null: none), and
 * {@code routeThrottles} single routes, by route key (AWS's default route throttling and route settings). {@code cache}
 * is the stage's response cache (null: none).
 */
public record Stage(String name, Map<String, String> variables, String pathPrefix, @Nullable Throttle throttle,
                    Map<String, Throttle> routeThrottles, @Nullable StageCache cache) {

    /** The stage served at the API's base path with no prefix. */
    public static final String DEFAULT = "$default";

    public Stage {
        Objects.requireNonNull(name, "name");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        routeThrottles = Map.copyOf(routeThrottles);
    }

    /** A stage without a cache. */
    public Stage(String name, Map<String, String> variables, String pathPrefix, @Nullable Throttle throttle,
                 Map<String, Throttle> routeThrottles) {
        this(name, variables, pathPrefix, throttle, routeThrottles, null);
    }

    /** A stage without throttling. */
    public Stage(String name, Map<String, String> variables, String pathPrefix) {
        this(name, variables, pathPrefix, null, Map.of());
    }

    /** The prefix a stage named {@code name} gets when none is configured. */
    public static String defaultPathPrefix(String name) {
        return DEFAULT.equals(name) ? "" : "/" + name;
    }
}
