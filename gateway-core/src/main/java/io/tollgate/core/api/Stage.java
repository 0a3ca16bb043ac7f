package io.tollgate.core.api;

import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.usage.Throttle;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stage of an API: its name, its stage variables and the path prefix that selects it. The {@code $default}
 * stage is served without a prefix (HTTP API style); any other stage is served under {@code /{name}} (REST style)
 * unless its path prefix says otherwise. {@code throttle} limits all its routes together (null: none), and
 * {@code routeThrottles} single routes, by route key (AWS's default route throttling and route settings). {@code cache}
 * is the stage's response cache (null: none). {@code deploymentId} is the deployment the stage serves
 * ({@code $context.deploymentId}; empty for a gateway built without deployments). {@code canary} is non-null on the
 * canary side of a stage: the same stage serving another deployment to a share of its requests
 * ({@code $context.isCanaryRequest}). {@code methodSettings} are AWS's method settings: by route key, or
 * {@link MethodSetting#ALL_ROUTES} for all routes.
 */
public record Stage(String name, Map<String, String> variables, String pathPrefix, @Nullable Throttle throttle,
                    Map<String, Throttle> routeThrottles, @Nullable StageCache cache, String deploymentId,
                    @Nullable CanarySplit canary, Map<String, MethodSetting> methodSettings) {

    /** The stage served at the API's base path with no prefix. */
    public static final String DEFAULT = "$default";

    /** What a stage variable's name may be, as AWS: 1-64 letters, digits or {@code _}. */
    public static final String VARIABLE_NAME_RULE = "stage variable names are 1-64 letters, digits or '_'";

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public Stage {
        Objects.requireNonNull(name, "name");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        routeThrottles = Map.copyOf(routeThrottles);
        Objects.requireNonNull(deploymentId, "deploymentId");
        methodSettings = Map.copyOf(methodSettings);
    }

    /** A stage without method settings. */
    public Stage(String name, Map<String, String> variables, String pathPrefix, @Nullable Throttle throttle,
                 Map<String, Throttle> routeThrottles, @Nullable StageCache cache, String deploymentId,
                 @Nullable CanarySplit canary) {
        this(name, variables, pathPrefix, throttle, routeThrottles, cache, deploymentId, canary, Map.of());
    }

    /** A stage outside deployments, not a canary. */
    public Stage(String name, Map<String, String> variables, String pathPrefix, @Nullable Throttle throttle,
                 Map<String, Throttle> routeThrottles, @Nullable StageCache cache) {
        this(name, variables, pathPrefix, throttle, routeThrottles, cache, "", null);
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

    /** Whether {@code name} may name a stage variable ({@link #VARIABLE_NAME_RULE}). */
    public static boolean isVariableName(String name) {
        return VARIABLE_NAME.matcher(name).matches();
    }

    /** The prefix a stage named {@code name} gets when none is configured. */
    public static String defaultPathPrefix(String name) {
        return DEFAULT.equals(name) ? "" : "/" + name;
    }

    /** Whether this is the canary side of its stage. */
    public boolean isCanary() {
        return canary != null;
    }

    /** The method settings of route {@code routeKey}: its own over those of all routes. */
    public MethodSetting methodSetting(String routeKey) {
        return methodSettings.getOrDefault(routeKey, MethodSetting.NONE)
                .over(methodSettings.getOrDefault(MethodSetting.ALL_ROUTES, MethodSetting.NONE));
    }

    /** This stage serving deployment {@code id}. */
    public Stage withDeployment(String id) {
        return new Stage(name, variables, pathPrefix, throttle, routeThrottles, cache, id, canary, methodSettings);
    }

    /** This stage with other stage variables. */
    public Stage withVariables(Map<String, String> variables) {
        return new Stage(name, variables, pathPrefix, throttle, routeThrottles, cache, deploymentId, canary,
                methodSettings);
    }

    /** This stage with another stage throttle (null: none). */
    public Stage withThrottle(@Nullable Throttle throttle) {
        return new Stage(name, variables, pathPrefix, throttle, routeThrottles, cache, deploymentId, canary,
                methodSettings);
    }

    /** This stage with other route throttles (by route key). */
    public Stage withRouteThrottles(Map<String, Throttle> routeThrottles) {
        return new Stage(name, variables, pathPrefix, throttle, routeThrottles, cache, deploymentId, canary,
                methodSettings);
    }

    /** This stage with other method settings. */
    public Stage withMethodSettings(Map<String, MethodSetting> methodSettings) {
        return new Stage(name, variables, pathPrefix, throttle, routeThrottles, cache, deploymentId, canary,
                methodSettings);
    }

    /**
     * The canary side of this stage: deployment {@code deploymentId}, the stage variables with {@code overrides} merged
     * over them, the stage's cache only if {@code useStageCache} (AWS's canarySettings), serving {@code split}.
     */
    public Stage canary(String deploymentId, Map<String, String> overrides, boolean useStageCache, CanarySplit split) {
        Map<String, String> merged = new LinkedHashMap<>(variables);
        merged.putAll(overrides);
        return new Stage(name, merged, pathPrefix, throttle, routeThrottles, useStageCache ? cache : null, deploymentId,
                Objects.requireNonNull(split, "split"), methodSettings);
    }
}
