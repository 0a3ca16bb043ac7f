package io.tollgate.autoconfigure;

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
}
