package io.tollgate.core.observability;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.netty.handler.codec.http.HttpMethod;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces with a real tracer (OpenTelemetry through Micrometer Tracing, W3C propagation): the gateway's span continues
 * the client's trace, and its integration span's context reaches HTTP backends and functions as {@code traceparent}.
 */
class TracePropagationEndToEndTest {

    private static final List<SpanData> ENDED = new CopyOnWriteArrayList<>();
    private static final AtomicReference<Map<?, ?>> EVENT_HEADERS = new AtomicReference<>();
    private static SdkTracerProvider provider;
    private static TestBackend backend;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                ENDED.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        }).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("tollgate-test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(otel, current, event -> { });
        OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        backend = new TestBackend();
        GatewayFunction record = (event, context) -> {
            EVENT_HEADERS.set((Map<?, ?>) ((Map<?, ?>) event).get("headers"));
            return Mono.just(Map.of("statusCode", 200, "body", "ok"));
        };
        Api api = Api.builder("traced").basePath("/traced")
                .authorizer(new AuthorizerSpec("users", "REQUEST").simpleResponses(true)
                        .identitySources(List.of("$request.header.x-user")))
                .route("GET /echo", IntegrationSpec.httpProxy(backend.url() + "/echo/proxied"))
                .route(new RouteSpec("GET /private", IntegrationSpec.httpProxy(backend.url() + "/echo/private")).authorizer("users"))
                .route("GET /function", IntegrationSpec.function("record"))
                .build();
        Gateway gateway = Gateway.builder().api(api).feature(new FunctionFeature(name -> Optional.of(record)))
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("users", event -> Mono.just(AuthorizerResult.authorized(true)))), null))
                .requestListener(new GatewayTracing(registry)).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
        provider.close();
    }

    @BeforeEach
    void clear() {
        ENDED.clear();
    }

    private static SpanData ended(String name) {
        return Await.value("span " + name + " to end",
                () -> ENDED.stream().filter(s -> s.getName().equals(name)).findFirst());
    }

    @Test
    void backendReceivesTheIntegrationSpansTraceparent() {
        TestHttp.Response response = http.get("/traced/echo");
        assertThat(response.status()).isEqualTo(200);
        String traceparent = response.header("x-echo-h-traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");

        SpanData request = ended("GET /echo");
        SpanData integration = ended("integration http_proxy");
        assertThat(traceparent.split("-")[1]).isEqualTo(request.getTraceId());
        assertThat(traceparent.split("-")[2]).isEqualTo(integration.getSpanId());
        assertThat(integration.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(request.getAttributes().asMap().toString()).contains("route=GET /echo", "path=/traced/echo",
                "status=200", "request.id=" + response.header("apigw-requestid"));
    }

    @Test
    void continuesTheClientsTraceAndTracesTheAuthorizer() {
        String clientTrace = "0af7651916cd43dd8448eb211c80319c";
        TestHttp.Response response = http.exchange(HttpMethod.GET, "/traced/private", h -> h.set("x-user", "a")
                .set("traceparent", "00-" + clientTrace + "-b7ad6b7169203331-01"), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-echo-h-traceparent")).startsWith("00-" + clientTrace + "-")
                .doesNotContain("b7ad6b7169203331");

        SpanData request = ended("GET /private");
        assertThat(request.getTraceId()).isEqualTo(clientTrace);
        assertThat(request.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        SpanData authorizer = ended("authorizer custom");
        assertThat(authorizer.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(authorizer.getAttributes().asMap().toString()).contains("outcome=allow");
    }

    @Test
    void functionEventsCarryTheTraceparent() {
        assertThat(http.get("/traced/function").status()).isEqualTo(200);
        SpanData integration = ended("integration function");
        assertThat((String) EVENT_HEADERS.get().get("traceparent"))
                .startsWith("00-" + integration.getTraceId() + "-" + integration.getSpanId() + "-");
    }
}
