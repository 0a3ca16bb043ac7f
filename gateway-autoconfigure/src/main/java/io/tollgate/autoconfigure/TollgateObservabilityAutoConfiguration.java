package io.tollgate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.tollgate.core.observability.AccessLogFormat;
import io.tollgate.core.observability.AccessLogWriter;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.observability.LogsFeature;
import io.tollgate.core.observability.MetricsFeature;
import io.tollgate.core.observability.StageRef;
import io.tollgate.core.observability.TracingFeature;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.util.Map;

/**
 * The gateway's metrics, access and execution logs and request spans. Each is added to the gateway only when it can
 * do something: meters when a {@code MeterRegistry} bean exists, spans when a Micrometer Tracing {@code Tracer} and an
 * {@code ObservationRegistry} exist, logs for the stages that configure them; otherwise nothing is compiled in.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateObservabilityProperties.class)
public final class TollgateObservabilityAutoConfiguration {

    /** The stages' access logs and execution logs ({@code tollgate.observability.logs.enabled=false} turns them off). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.observability.logs", name = "enabled", havingValue = "true", matchIfMissing = true)
    LogsFeature tollgateLogs(TollgateProperties properties, TollgateApis apis, ObjectProvider<AccessLogWriter> writer) {
        Map<StageRef, AccessLogFormat> formats = ObservabilityPropertiesMapper.accessLogs(properties, apis.apis());
        Map<StageRef, ExecutionLogLevel> levels = ObservabilityPropertiesMapper.executionLogs(properties);
        return new LogsFeature(formats, writer::getObject, levels);
    }

    /**
     * The thread that writes access log lines in batches (created when a stage has an access log; closed, after
     * writing what waits, at shutdown).
     */
    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.observability.logs", name = "enabled", havingValue = "true", matchIfMissing = true)
    AccessLogWriter tollgateAccessLogWriter(TollgateObservabilityProperties properties) {
        TollgateObservabilityProperties.LogsProperties logs = properties.logs();
        if (logs.bufferLines() < 1) {
            throw new IllegalArgumentException("tollgate.observability.logs.buffer-lines: at least 1, not " + logs.bufferLines());
        }
        if (logs.flushInterval() == null || logs.flushInterval().isNegative() || logs.flushInterval().isZero()) {
            throw new IllegalArgumentException("tollgate.observability.logs.flush-interval: must be positive, not "
                    + logs.flushInterval());
        }
        return new AccessLogWriter(logs.bufferLines(), logs.flushInterval());
    }

    /** Meters, when the application has Micrometer and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnProperty(prefix = "tollgate.observability.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Metrics {

        /** Meters of every route, when there is a {@link MeterRegistry} (nothing is compiled in otherwise). */
        @Bean
        @ConditionalOnMissingBean
        MetricsFeature tollgateMetrics(ObjectProvider<MeterRegistry> registry, TollgateObservabilityProperties properties) {
            return new MetricsFeature(registry.getIfAvailable(), ObservabilityPropertiesMapper.metrics(properties.metrics()));
        }
    }

    /** Request spans, when the application has Micrometer Tracing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.tracing.Tracer", "io.micrometer.observation.ObservationRegistry"})
    @ConditionalOnProperty(prefix = "tollgate.observability.tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Tracing {

        /** Request spans, when there are an {@link ObservationRegistry} and a {@link Tracer} (nothing otherwise). */
        @Bean
        @ConditionalOnMissingBean
        TracingFeature tollgateTracing(ObjectProvider<ObservationRegistry> registry, ObjectProvider<Tracer> tracer) {
            return new TracingFeature(tracer.getIfAvailable() == null ? null : registry.getIfAvailable());
        }
    }
}
