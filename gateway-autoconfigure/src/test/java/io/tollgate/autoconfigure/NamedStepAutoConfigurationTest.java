package io.tollgate.autoconfigure;

import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.NamedStepFactory;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own step, a {@link NamedStepFactory} bean, attached to one route from the properties with its
 * arguments, and placed between the route's authorizer and its API key check.
 */
class NamedStepAutoConfigurationTest {

    private static final String KEY = "acme-key-0123456789abcdef";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                    TollgateFunctionAutoConfiguration.class, TollgateAuthorizerAutoConfiguration.class,
                    TollgateIamAutoConfiguration.class, TollgateAuthorizationAutoConfiguration.class,
                    TollgateUsageAutoConfiguration.class))
            .withUserConfiguration(Steps.class);

    private static final String[] SHOP = {
            "tollgate.apis.shop.base-path=/shop",
            "tollgate.apis.shop.authorizers.users.type=REQUEST",
            "tollgate.apis.shop.authorizers.users.identity-sources[0]=$request.header.x-user",
            "tollgate.apis.shop.authorizers.users.implementation=users",
            "tollgate.apis.shop.authorizers.users.result-ttl=0s",
            "tollgate.apis.shop.routes[0].route-key=GET /orders",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].authorizer=users",
            "tollgate.apis.shop.routes[0].api-key-required=true",
            "tollgate.apis.shop.routes[0].steps[0].name=audit",
            "tollgate.apis.shop.routes[0].steps[0].args.level=high",
            "tollgate.apis.shop.routes[1].route-key=GET /open",
            "tollgate.apis.shop.routes[1].integration.type=MOCK",
            "tollgate.usage-plans.basic.api-stages[0].api=shop",
            "tollgate.api-keys.acme.value=" + KEY,
            "tollgate.api-keys.acme.usage-plans[0]=basic",
    };

    /** What the audit step saw. */
    static final List<String> AUDITED = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class Steps {

        @Bean
        GatewayAuthorizer users() {
            return event -> Mono.just(AuthorizerResult.authorized("alice".equals(event.header("x-user"))));
        }

        /** {@code audit}: after the authorizer ({@code AUTHORIZER + 50}), before the API key check. */
        @Bean
        NamedStepFactory audit() {
            return new NamedStepFactory() {
                @Override
                public String name() {
                    return "audit";
                }

                @Override
                public PipelineStep create(RouteContext route, Map<String, String> args) {
                    String level = args.get("level");
                    if (level == null || level.isBlank()) {
                        throw new IllegalArgumentException("'level' is required");
                    }
                    return new AuditStep(level);
                }
            };
        }
    }

    record AuditStep(String level) implements PipelineStep {

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
            AUDITED.add(level + ":" + exchange.routeKey() + ":" + exchange.authorization().principalId());
            return next.handle(exchange).map(reply -> {
                reply.headers().set("x-audit", level);
                return reply;
            });
        }
    }

    /** The shop's properties, with some replaced. */
    private static String[] shop(String... overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String property : SHOP) {
            all.put(property.substring(0, property.indexOf('=')), property);
        }
        for (String property : overrides) {
            all.put(property.substring(0, property.indexOf('=')), property);
        }
        return all.values().toArray(new String[0]);
    }

    private static Reply send(Gateway gateway, StubRequest request) {
        return gateway.process(gateway.resolve(request.method(), request.rawPath()), request)
                .block(Duration.ofSeconds(10));
    }

    @Test
    void aStepBeanIsAttachedToOneRouteFromThePropertiesBetweenTwoBuiltInSteps() {
        AUDITED.clear();
        with(runner, SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.mounts().get(0).pipelines()[0].steps()).containsExactly(
                    "method_request:custom-authorizer:users", "method_request:audit", "method_request:usage-plan",
                    "integration:mock");
            assertThat(gateway.mounts().get(0).pipelines()[1].steps()).containsExactly("integration:mock");

            assertThat(send(gateway, StubRequest.get("/shop/orders", "x-user", "mallory")).status()).isEqualTo(403);
            assertThat(AUDITED).as("refused by the authorizer, before the step").isEmpty();

            Reply noKey = send(gateway, StubRequest.get("/shop/orders", "x-user", "alice"));
            assertThat(noKey.status()).as("the step ran, then the API key check refused").isEqualTo(403);
            assertThat(noKey.headers().get("x-audit")).isEqualTo("high");
            assertThat(AUDITED).singleElement().asString().startsWith("high:GET /orders:");

            Reply ok = send(gateway, StubRequest.get("/shop/orders", "x-user", "alice", "x-api-key", KEY));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers().get("x-audit")).isEqualTo("high");
            assertThat(send(gateway, StubRequest.get("/shop/open")).headers().contains("x-audit")).isFalse();
        });
    }

    @Test
    void aMisspelledStepFailsStartupNamingTheProperty() {
        with(runner, shop("tollgate.apis.shop.routes[0].steps[0].name=audti"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].steps[0].name")
                        .hasStackTraceContaining("no step named 'audti' (known: audit)"));
    }

    @Test
    void argumentsTheStepRefusesFailStartupNamingTheStep() {
        with(runner, shop("tollgate.apis.shop.routes[0].steps[0].args.level="))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].steps[0]: step 'audit': 'level' is required"));
    }

    @Test
    void aStepWithoutANameFailsStartupNamingTheProperty() {
        with(runner, shop("tollgate.apis.shop.routes[0].steps[0].name="))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].steps[0].name"));
    }
}
