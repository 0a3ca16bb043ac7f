package io.tollgate.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Metrics, logs and traces of the gateway ({@code tollgate.observability.*}). Access and execution logs are set per
 * stage ({@code tollgate.apis.<api>.stages.<stage>.access-log.format}, {@code ...execution-log}).
 *
 * @param metrics meters per API, stage, route and method, when the application has a MeterRegistry
 * @param tracing a span per request (and its authorizer and integration) with the trace propagated to backends, when
 *                the application has Micrometer Tracing
 * @param logs    whether the stages' access and execution logs are written at all
 */
@ConfigurationProperties("tollgate.observability")
public record TollgateObservabilityProperties(@DefaultValue MetricsProperties metrics, @DefaultValue TracingProperties tracing,
                                              @DefaultValue LogsProperties logs) {

    /**
     * The gateway's meters.
     *
     * @param enabled             whether they are recorded (when a MeterRegistry exists)
     * @param percentileHistogram whether the timers publish histogram buckets; unset: left to
     *                            management.metrics.distribution.percentiles-histogram.*
     * @param percentiles         client-side percentiles the timers compute (0.5, 0.95, 0.99); unset: left to
     *                            management.metrics.distribution.percentiles.*
     */
    public record MetricsProperties(@DefaultValue("true") boolean enabled, @Nullable Boolean percentileHistogram,
                                    @Nullable List<Double> percentiles) {
    }

    /**
     * Request spans.
     *
     * @param enabled whether requests are observed (when a Micrometer Tracing Tracer exists)
     */
    public record TracingProperties(@DefaultValue("true") boolean enabled) {
    }

    /**
     * The stages' logs. Access log lines are rendered on the request's thread and handed to one writer thread, which
     * gives them to their loggers in batches: the application's appenders never block a request.
     *
     * @param enabled       whether the access and execution logs the stages configure are written
     * @param bufferLines   the most access log lines that may wait for the writer; when the log cannot keep up, further
     *                      lines are dropped, counted and warned about, never waited for
     * @param flushInterval how often the writer gives the waiting lines to their loggers
     */
    public record LogsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("65536") int bufferLines,
                                 @DefaultValue("100ms") Duration flushInterval) {
    }
}
