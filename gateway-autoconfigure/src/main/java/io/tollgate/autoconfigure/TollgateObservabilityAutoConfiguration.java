package io.tollgate.autoconfigure;

import io.tollgate.core.observability.AccessLogFormat;
import io.tollgate.core.observability.AccessLogWriter;
import io.tollgate.core.observability.AccessLogs;
import io.tollgate.core.observability.ExecutionLogLevel;
import io.tollgate.core.observability.ExecutionLogs;
import io.tollgate.core.observability.GatewayMetrics;
import io.tollgate.core.observability.GatewayTracing;
import io.tollgate.core.observability.StageRef;
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
    @ConditionalOnMissingBean(name = "tollgateLogs")
    @ConditionalOnProperty(prefix = "tollgate.observability.logs", name = "enabled", havingValue = "true", matchIfMissing = true)
    GatewayBuilderCustomizer tollgateLogs(TollgateProperties properties, TollgateApis apis,
                                          ObjectProvider<AccessLogWriter> writer) {
        Map<StageRef, AccessLogFormat> formats = ObservabilityPropertiesMapper.accessLogs(properties, apis.apis());
        Map<StageRef, ExecutionLogLevel> levels = ObservabilityPropertiesMapper.executionLogs(properties);
        return builder -> {
            if (!formats.isEmpty()) {
                builder.requestListener(new AccessLogs(formats, writer.getObject()));
            }
            if (!levels.isEmpty()) {
                builder.requestListener(new ExecutionLogs(levels));
            }
        };
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

        @Bean
        @ConditionalOnMissingBean(name = "tollgateMetrics")
        GatewayBuilderCustomizer tollgateMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry,
                                                 TollgateObservabilityProperties properties) {
            io.tollgate.core.observability.MetricsOptions options = ObservabilityPropertiesMapper.metrics(properties.metrics());
            return builder -> registry.ifAvailable(r -> builder.requestListener(new GatewayMetrics(r, options)));
        }
    }

    /** Request spans, when the application has Micrometer Tracing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.tracing.Tracer", "io.micrometer.observation.ObservationRegistry"})
    @ConditionalOnProperty(prefix = "tollgate.observability.tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Tracing {

        @Bean
        @ConditionalOnMissingBean(name = "tollgateTracing")
        GatewayBuilderCustomizer tollgateTracing(ObjectProvider<io.micrometer.observation.ObservationRegistry> registry,
                                                 ObjectProvider<io.micrometer.tracing.Tracer> tracer) {
            return builder -> {
                io.micrometer.observation.ObservationRegistry observations = registry.getIfAvailable();
                if (observations != null && tracer.getIfAvailable() != null) {
                    builder.requestListener(new GatewayTracing(observations));
                }
            };
        }
    }
}
