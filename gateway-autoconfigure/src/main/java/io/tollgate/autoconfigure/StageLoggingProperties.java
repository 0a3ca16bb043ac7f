package io.tollgate.autoconfigure;

import io.tollgate.core.api.ExecutionLogLevel;
import org.jspecify.annotations.Nullable;

/** Logging settings of an API stage ({@code tollgate.apis.<api>.stages.<stage>.*}). */
public final class StageLoggingProperties {

    private StageLoggingProperties() {
    }

    /**
     * A stage's access log: one line per request to the logger {@code tollgate.access.<api>.<stage>}.
     *
     * @param format {@code CLF}, {@code JSON}, {@code XML} or {@code CSV} (AWS's console presets, in the REST or HTTP
     *               API flavour), or a format with {@code $context} variables ({@code $context.requestId
     *               $context.status $context.responseLatency})
     */
    public record AccessLog(@Nullable String format) {
    }

    /**
     * A stage's settings of one route, or of all its routes (AWS's method settings), each route's over those of all.
     *
     * @param loggingLevel   the route's execution log: OFF, ERROR or INFO (default: the stage's execution-log)
     * @param metricsEnabled false: the route's requests are not recorded in the gateway's metrics (default true)
     * @param tracingEnabled false: the route's requests are not traced (default true, when the gateway traces)
     */
    public record MethodSettingProperties(@Nullable ExecutionLogLevel loggingLevel, @Nullable Boolean metricsEnabled,
                                          @Nullable Boolean tracingEnabled) {
    }
}
