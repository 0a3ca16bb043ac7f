package io.tollgate.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.observability.AccessLogWriter;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics, logs and spans switched on by what the application has and by properties; bad settings named. */
class TollgateObservabilityAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                    TollgateObservabilityAutoConfiguration.class))
            .withPropertyValues("tollgate.apis.shop.type=REST",
                    "tollgate.apis.shop.stages.prod.variables.color=blue",
                    "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
                    "tollgate.apis.shop.routes[0].integration.type=MOCK");

    private static Reply get(ApplicationContext context, String path) {
        Gateway gateway = context.getBean(Gateway.class);
        Resolution resolution = gateway.resolve("GET", path);
        HttpHeaders headers = new DefaultHttpHeaders();
        return gateway.process(resolution, new InboundRequest() {
            public String method() {
                return "GET";
            }

            public String rawPath() {
                return path;
            }

            public String rawQuery() {
                return null;
            }

            public HttpHeaders headers() {
                return headers;
            }

            public Flux<ByteBuf> body() {
                return Flux.empty();
            }

            public InetSocketAddress remoteAddress() {
                return new InetSocketAddress("192.0.2.9", 5000);
            }

            public String scheme() {
                return "http";
            }

            public String protocol() {
                return "HTTP/1.1";
            }
        }).block(Duration.ofSeconds(10));
    }

    /** Whether the route's compiled pipeline has request listeners in front of it. */
    private static boolean watched(ApplicationContext context) {
        return context.getBean(Gateway.class).mounts().get(0).pipelines()[0].handler().getClass().getName()
                .contains("Listeners");
    }

    @Test
    void metersWhenARegistryExists() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(get(context, "/prod/items/1").status()).isEqualTo(200);
            assertThat(get(context, "/prod/nothing").status()).isEqualTo(403);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("tollgate.requests").tags("api", "shop", "stage", "prod", "route", "GET /items/{id}",
                    "method", "GET", "status", "200", "outcome", "SUCCESS").timer().count()).isEqualTo(1);
            assertThat(registry.get("tollgate.errors.4xx").tags("route", "$unmatched").counter().count()).isEqualTo(1);
        });
    }

    @Test
    void nothingIsCompiledInWithoutARegistryOrWhenTurnedOff() {
        runner.run(context -> {
            assertThat(context).hasBean("tollgateMetrics").hasBean("tollgateTracing");
            assertThat(watched(context)).isFalse();
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("tollgate.observability.metrics.enabled=false").run(context -> {
                    assertThat(context).doesNotHaveBean("tollgateMetrics");
                    assertThat(watched(context)).isFalse();
                    get(context, "/prod/items/1");
                    assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
                });
    }

    @Test
    void percentilesAndHistogramsFromProperties() {
        List<Boolean> histograms = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
                    io.micrometer.core.instrument.Meter.Id id, io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                histograms.add(Boolean.TRUE.equals(config.isPercentileHistogram()));
                return config;
            }
        });
        runner.withBean(MeterRegistry.class, () -> meters)
                .withPropertyValues("tollgate.observability.metrics.percentiles=0.5,0.99",
                        "tollgate.observability.metrics.percentile-histogram=true").run(context -> {
                    get(context, "/prod/items/1");
                    var snapshot = meters.get("tollgate.requests").timer().takeSnapshot();
                    assertThat(snapshot.percentileValues()).extracting(v -> v.percentile()).containsExactly(0.5, 0.99);
                    assertThat(histograms).containsOnly(true).isNotEmpty();
                });
        runner.withPropertyValues("tollgate.observability.metrics.percentiles=0.5,99").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("tollgate.observability.metrics.percentiles[1]: a percentile is between 0 and 1"));
    }

    @Test
    void accessLogBufferSettingsAreChecked() {
        runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=CSV",
                "tollgate.observability.logs.buffer-lines=0").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.observability.logs.buffer-lines: at least 1, not 0"));
        runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=CSV",
                "tollgate.observability.logs.flush-interval=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.observability.logs.flush-interval: must be positive, not PT0S"));
    }

    @Test
    void accessAndExecutionLogsPerStage() {
        Logger access = (Logger) LoggerFactory.getLogger("tollgate.access");
        Logger execution = (Logger) LoggerFactory.getLogger("tollgate.execution");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.setLevel(Level.INFO);
        execution.setLevel(Level.INFO);
        access.addAppender(lines);
        execution.addAppender(lines);
        try {
            runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=CSV",
                    "tollgate.apis.shop.stages.prod.execution-log=INFO").run(context -> {
                        assertThat(watched(context)).isTrue();
                        get(context, "/prod/items/1");
                        // the execution log is written on the request's thread, the access log by the writer thread
                        assertThat(lines.list).extracting(ILoggingEvent::getLoggerName)
                                .containsExactly("tollgate.execution.shop.prod");
                        context.getBean(AccessLogWriter.class).flush();
                        assertThat(lines.list).extracting(ILoggingEvent::getLoggerName)
                                .containsExactly("tollgate.execution.shop.prod", "tollgate.access.shop.prod");
                        assertThat(lines.list.get(1).getFormattedMessage())
                                .matches("192\\.0\\.2\\.9,-,-,[^,]+,GET,/items/\\{id\\},HTTP/1\\.1,200,\\d+,[0-9a-f-]{36},[0-9a-f]{16}");
                    });
            lines.list.clear();
            runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=CSV",
                    "tollgate.observability.logs.enabled=false").run(context -> {
                        assertThat(watched(context)).isFalse();
                        get(context, "/prod/items/1");
                        assertThat(lines.list).isEmpty();
                        assertThat(context).doesNotHaveBean(AccessLogWriter.class);
                    });
            // no stage with an access log: no writer thread
            runner.run(context -> assertThat(context.getBeanFactory().containsSingleton("tollgateAccessLogWriter")).isFalse());
        } finally {
            access.detachAppender(lines);
            execution.detachAppender(lines);
        }
    }

    @Test
    void badLogSettingsFailStartupNamingTheProperty() {
        runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=$context.requestId $context.secret")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining(
                        "tollgate.apis.shop.stages.prod.access-log.format: $context.secret is not a variable"));
        runner.withPropertyValues("tollgate.apis.shop.stages.prod.access-log.format=$context.identity.apiKey")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("never logged"));
        runner.withPropertyValues("tollgate.apis.shop.stages.prod.execution-log=VERBOSE")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.stages.prod.execution-log"));
    }

    @Test
    void spansWhenMicrometerTracingIsThere() {
        List<String> observed = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName() + " " + context.getLowCardinalityKeyValue("route").getValue());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> observations).withBean(Tracer.class, () -> Tracer.NOOP)
                .run(context -> {
                    get(context, "/prod/items/1");
                    assertThat(observed).containsExactly("tollgate.request.integration GET /items/{id}",
                            "tollgate.request GET /items/{id}");
                });
        observed.clear();
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            get(context, "/prod/items/1");
            assertThat(observed).as("no tracer: no observations").isEmpty();
        });
        runner.withBean(ObservationRegistry.class, () -> observations).withBean(Tracer.class, () -> Tracer.NOOP)
                .withPropertyValues("tollgate.observability.tracing.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("tollgateTracing"));
    }
}
