package io.tollgate.core.pipeline;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.response.GatewayError;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The seams later features plug into: stages ordered by phase, only where configured, wrapping the integration. */
class PipelineCompilerTest {

    private static final Api API = Api.builder("a")
            .route("GET /plain", IntegrationSpec.mock(200))
            .route("GET /guarded", IntegrationSpec.mock(200))
            .build();
    private static final Route PLAIN = API.routes().get(0);
    private static final Route GUARDED = API.routes().get(1);

    /** A stage that records when it runs and can refuse the request. */
    private record Recording(Phase phase, String name, List<String> trace, boolean refuse) implements PipelineStep {
        @Override
        public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
            trace.add("in:" + name);
            if (refuse) {
                return Reply.errorMono(GatewayError.of(GatewayResponseType.UNAUTHORIZED));
            }
            return next.handle(exchange).doOnNext(reply -> trace.add("out:" + name + ":" + reply.status()));
        }
    }

    private static StepFactory only(Route route, PipelineStep stage) {
        return context -> context.route().filter(r -> r == route).map(r -> stage);
    }

    private static IntegrationFactory integration(List<String> trace) {
        return (context, integration) -> Optional.of(exchange -> {
            trace.add("integration");
            return Mono.just(Reply.of(200, new DefaultHttpHeaders(), new byte[0]));
        });
    }

    @Test
    void stagesRunInAwsOrderWhateverTheFactoryOrder() {
        List<String> trace = new ArrayList<>();
        PipelineCompiler compiler = new PipelineCompiler(List.of(
                only(GUARDED, new Recording(Phase.INTEGRATION_RESPONSE, "mapping-response", trace, false)),
                only(GUARDED, new Recording(Phase.CACHE, "cache", trace, false)),
                only(GUARDED, new Recording(Phase.METHOD_RESPONSE, "cors", trace, false)),
                only(GUARDED, new Recording(Phase.INTEGRATION_REQUEST, "mapping-request", trace, false)),
                only(GUARDED, new Recording(Phase.METHOD_REQUEST, "authorizer", trace, false))),
                List.of(integration(trace)));
        PipelineCompiler.CompiledPipeline pipeline = compiler.compile(new RouteContext(API, API.stages().get(0), Optional.of(GUARDED)));
        assertThat(pipeline.steps()).containsExactly("method_response:cors", "method_request:authorizer", "cache:cache",
                "integration_request:mapping-request", "integration_response:mapping-response", "integration:mock");
        StepVerifier.create(pipeline.handler().handle(null)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(trace).containsExactly("in:cors", "in:authorizer", "in:cache", "in:mapping-request",
                "in:mapping-response", "integration", "out:mapping-response:200", "out:mapping-request:200",
                "out:cache:200", "out:authorizer:200", "out:cors:200");
    }

    @Test
    void aRouteWithoutStagesIsItsBareIntegration() {
        List<String> trace = new ArrayList<>();
        ExchangeHandler bare = exchange -> Mono.just(Reply.of(204, new DefaultHttpHeaders(), new byte[0]));
        PipelineCompiler compiler = new PipelineCompiler(
                List.of(only(GUARDED, new Recording(Phase.METHOD_REQUEST, "authorizer", trace, false))),
                List.of((context, integration) -> Optional.of(bare)));
        PipelineCompiler.CompiledPipeline pipeline = compiler.compile(new RouteContext(API, API.stages().get(0), Optional.of(PLAIN)));
        assertThat(pipeline.handler()).isSameAs(bare);
        assertThat(pipeline.steps()).containsExactly("integration:mock");
    }

    @Test
    void methodResponseStagesSeeEarlyRejections() {
        List<String> trace = new ArrayList<>();
        PipelineCompiler compiler = new PipelineCompiler(List.of(
                only(GUARDED, new Recording(Phase.METHOD_REQUEST, "authorizer", trace, true)),
                only(GUARDED, new Recording(Phase.METHOD_RESPONSE, "cors", trace, false))),
                List.of(integration(trace)));
        PipelineCompiler.CompiledPipeline pipeline = compiler.compile(new RouteContext(API, API.stages().get(0), Optional.of(GUARDED)));
        StepVerifier.create(pipeline.handler().handle(null))
                .assertNext(reply -> assertThat(reply.error().type()).isEqualTo(GatewayResponseType.UNAUTHORIZED))
                .expectComplete().verify(Duration.ofSeconds(10));
        assertThat(trace).containsExactly("in:cors", "in:authorizer", "out:cors:401");
    }

    @Test
    void unmatchedRequestsGetTheApiWideStages() {
        List<String> trace = new ArrayList<>();
        StepFactory apiWide = context -> Optional.of(new Recording(Phase.METHOD_RESPONSE, "cors", trace, false));
        PipelineCompiler compiler = new PipelineCompiler(List.of(apiWide), List.of(integration(trace)));
        PipelineCompiler.CompiledPipeline pipeline = compiler.compileUnmatched(
                new RouteContext(API, API.stages().get(0), Optional.empty()),
                exchange -> Reply.errorMono(GatewayError.of(GatewayResponseType.RESOURCE_NOT_FOUND)));
        assertThat(pipeline.steps()).containsExactly("method_response:cors", "integration:gateway-response");
        StepVerifier.create(pipeline.handler().handle(null)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(trace).containsExactly("in:cors", "out:cors:404");
    }
}
