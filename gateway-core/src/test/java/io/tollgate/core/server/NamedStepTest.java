package io.tollgate.core.server;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.NamedStepFactory;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A step of one's own, taken by a route by name and placed between two built-in steps: after the route's authorizer,
 * before its API key check.
 */
class NamedStepTest {

    private static final String KEY = "k-0123456789abcdef0123456789";

    /** What the audit step saw: the route's argument, and whether the authorizer had run before it. */
    private final List<String> audited = new CopyOnWriteArrayList<>();

    /** {@code audit}: records each request it sees, after the authorizer ({@code AUTHORIZER + 50}), before usage. */
    private final NamedStepFactory audit = new NamedStepFactory() {
        @Override
        public String name() {
            return "audit";
        }

        @Override
        public PipelineStep create(RouteContext route, Map<String, String> args) {
            String level = args.get("level");
            if (level == null) {
                throw new IllegalArgumentException("'level' is required");
            }
            return new PipelineStep() {
                @Override
                public Phase phase() {
                    return Phase.METHOD_REQUEST;
                }

                @Override
                public int order() {
                    return StepOrder.AUTHORIZER + 50;
                }

                @Override
                public String name() {
                    return "audit";
                }

                @Override
                public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
                    audited.add(level + ":" + route.route().orElseThrow().key() + ":authorized="
                            + (exchange.authorization() != null));
                    return next.handle(exchange).map(reply -> {
                        reply.headers().set("x-audit", level);
                        return reply;
                    });
                }
            };
        }
    };

    private Api api(RouteSpec... routes) {
        Api.Builder builder = Api.builder("shop").basePath("/shop")
                .authorizer(new AuthorizerSpec("users", "REQUEST").identitySources(List.of("$request.header.x-user")));
        for (RouteSpec route : routes) {
            builder.route(route);
        }
        return builder.build();
    }

    private GatewayBuilder gateway(Api api) {
        UsagePlan plan = new UsagePlan("basic", null, null,
                List.of(new UsagePlan.ApiStage("shop", "$default", Map.of())), Instant.EPOCH);
        UsageControl usage = UsageControl.builder().plans(List.of(plan)).account(null)
                .keys(new InMemoryApiKeyRepository(List.of(new ApiKey("k1", "one", KEY, true, Set.of("basic"),
                        Instant.EPOCH)))).build();
        return Gateway.builder().api(api)
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("users",
                        event -> Mono.just(AuthorizerResult.authorized("alice".equals(event.header("x-user")))))), null))
                .feature(new UsageFeature(usage))
                .namedStep(audit);
    }

    private static Reply send(Gateway gateway, StubRequest request) {
        return gateway.process(gateway.resolve(request.method(), request.rawPath()), request)
                .block(Duration.ofSeconds(10));
    }

    @Test
    void aRoutesNamedStepRunsBetweenItsAuthorizerAndItsApiKeyCheck() {
        Gateway gateway = gateway(api(
                new RouteSpec("GET /orders", IntegrationSpec.mock(200)).authorizer("users").apiKeyRequired(true)
                        .step("audit", Map.of("level", "high")),
                new RouteSpec("GET /open", IntegrationSpec.mock(200)))).build();

        assertThat(gateway.mounts().get(0).pipelines()[0].steps()).containsExactly(
                "method_request:custom-authorizer:users", "method_request:audit", "method_request:usage-plan",
                "integration:mock");
        assertThat(gateway.mounts().get(0).pipelines()[1].steps()).as("only the route that takes it")
                .containsExactly("integration:mock");

        // refused by the authorizer: the step, placed after it, never runs
        assertThat(send(gateway, StubRequest.get("/shop/orders", "x-user", "mallory")).status()).isEqualTo(403);
        assertThat(audited).isEmpty();

        // authorized, no API key: the step ran (after the authorizer), then the key check refused
        Reply noKey = send(gateway, StubRequest.get("/shop/orders", "x-user", "alice"));
        assertThat(noKey.status()).isEqualTo(403);
        assertThat(noKey.headers().get("x-audit")).isEqualTo("high");
        assertThat(audited).containsExactly("high:GET /orders:authorized=true");

        Reply ok = send(gateway, StubRequest.get("/shop/orders", "x-user", "alice", "x-api-key", KEY));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers().get("x-audit")).isEqualTo("high");
        assertThat(send(gateway, StubRequest.get("/shop/open")).headers().contains("x-audit")).isFalse();
        assertThat(audited).hasSize(2);
    }

    @Test
    void anUnknownStepOrBadArgumentsFailTheBuildNamingTheRoutesStep() {
        assertThatThrownBy(() -> gateway(api(new RouteSpec("GET /a", IntegrationSpec.mock(200)),
                new RouteSpec("GET /b", IntegrationSpec.mock(200)).step("audti", Map.of()))).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).containsExactly(
                        new Problem("shop.routes[1].steps[0].name", "no step named 'audti' (known: audit)")));
        assertThatThrownBy(() -> gateway(api(new RouteSpec("GET /a", IntegrationSpec.mock(200))
                .step("audit", Map.of("lvl", "x")))).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).containsExactly(
                        new Problem("shop.routes[0].steps[0]", "step 'audit': 'level' is required")));
        assertThatThrownBy(() -> api(new RouteSpec("GET /a", IntegrationSpec.mock(200)).step(" ", Map.of())))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("routes[0].steps[0].name");
    }

    @Test
    void twoStepsOfOneNameAreRefused() {
        NamedStepFactory other = new NamedStepFactory() {
            @Override
            public String name() {
                return "audit";
            }

            @Override
            public PipelineStep create(RouteContext route, Map<String, String> args) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> Gateway.builder().namedStep(audit).namedStep(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two steps are named 'audit'");
    }
}
