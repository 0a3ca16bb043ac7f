package io.tollgate.autoconfigure;

import io.tollgate.core.cors.CorsFeature;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepFactory;
import io.tollgate.core.policy.ResourcePolicyFeature;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import reactor.core.publisher.Mono;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Features are typed beans: each auto-configuration's backs off for the application's own of its type. */
class GatewayFeatureBeansTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateCorsAutoConfiguration.class,
                    TollgateResourcePolicyAutoConfiguration.class))
            .withPropertyValues("tollgate.apis.shop.routes[0].route-key=GET /a",
                    "tollgate.apis.shop.routes[0].integration.type=MOCK");

    /** A step of the application's own, on every route, at the end of the method request. */
    static final class Stamp implements PipelineStep {

        @Override
        public Phase phase() {
            return Phase.METHOD_REQUEST;
        }

        @Override
        public String name() {
            return "stamp";
        }

        @Override
        public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
            return next.handle(exchange);
        }
    }

    /** A feature of the application's own. */
    static final class StampFeature implements GatewayFeature {

        @Override
        public Contribution contribute(GatewayResources resources) {
            return Contribution.steps(context -> Optional.of(new Stamp()));
        }
    }

    @Test
    void eachBuiltInFeatureIsABeanOfItsType() {
        runner.run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(HttpIntegrationFeature.class).hasBean("tollgateHttpIntegrations")
                    .hasSingleBean(CorsFeature.class).hasBean("tollgateCors")
                    .hasSingleBean(ResourcePolicyFeature.class).hasBean("tollgateResourcePolicies");
        });
    }

    @Test
    void anApplicationsFeatureReplacesTheOneOfItsTypeAndItsOwnAreAdded() {
        CorsFeature mine = new CorsFeature();
        runner.withBean(CorsFeature.class, () -> mine)
                .withBean(StampFeature.class, StampFeature::new)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("tollgateCors");
                    assertThat(context.getBean(CorsFeature.class)).isSameAs(mine);
                    assertThat(context.getBean(Gateway.class).mounts().get(0).pipelines()[0].steps())
                            .containsExactly("method_request:stamp", "integration:mock");
                });
    }

    @Test
    void stepFactoryBeansAreAddedToo() {
        runner.withBean(StepFactory.class, () -> context -> Optional.of(new Stamp()))
                .run(context -> assertThat(context.getBean(Gateway.class).mounts().get(0).pipelines()[0].steps())
                        .containsExactly("method_request:stamp", "integration:mock"));
    }
}
