package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

/**
 * A stage's settings of one route (or of all its routes, {@link #ALL_ROUTES}), as AWS's method settings and stage
 * tracing: its execution log level, and whether its metrics and traces are recorded. {@code null} leaves a value to the
 * stage's settings of all routes, then to the gateway's (the stage's execution log, metrics and traces on).
 */
public record MethodSetting(@Nullable ExecutionLogLevel loggingLevel, @Nullable Boolean metricsEnabled,
                            @Nullable Boolean tracingEnabled) {

    /** The key of the settings of all a stage's routes: AWS's &#42;/&#42;. */
    public static final String ALL_ROUTES = "*/*";

    /** No setting. */
    public static final MethodSetting NONE = new MethodSetting(null, null, null);

    /** A level and metrics setting, traces left to the stage's. */
    public MethodSetting(@Nullable ExecutionLogLevel loggingLevel, @Nullable Boolean metricsEnabled) {
        this(loggingLevel, metricsEnabled, null);
    }

    /** A method settings key as it is stored: {@link #ALL_ROUTES}, or a route key in its canonical form. */
    public static String key(String key) {
        return key.trim().equals(ALL_ROUTES) ? ALL_ROUTES : RouteKey.canonical(key);
    }

    /** These settings, each value not set taken from {@code fallback}. */
    public MethodSetting over(MethodSetting fallback) {
        return new MethodSetting(loggingLevel != null ? loggingLevel : fallback.loggingLevel(),
                metricsEnabled != null ? metricsEnabled : fallback.metricsEnabled(),
                tracingEnabled != null ? tracingEnabled : fallback.tracingEnabled());
    }
}
