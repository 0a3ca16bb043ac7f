package io.tollgate.core.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.cache.CacheFeature;
import io.tollgate.core.cors.CorsFeature;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.policy.ResourcePolicyFeature;
import io.tollgate.core.validation.RequestValidationFeature;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder composes what features contribute and knows none of them. */
class GatewayBuilderTest {

    private static final Api SHOP = Api.builder("shop").basePath("/shop")
            .route("GET /ping", IntegrationSpec.mock(200).body("pong"))
            .build();

    private static Reply get(Gateway gateway, String path) {
        StubRequest request = StubRequest.get(path);
        return gateway.process(gateway.resolve("GET", path), request).block(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultFeaturesAreEveryThingAnApiCanAskForWithoutSettings() {
        assertThat(Gateway.builder().features()).extracting(Object::getClass).containsExactly(
                ResourcePolicyFeature.class, CorsFeature.class, AuthorizerFeature.class,
                RequestValidationFeature.class, CacheFeature.class, HttpIntegrationFeature.class,
                WebSocketApiFeature.class);
        assertThat(GatewayBuilder.empty().features()).isEmpty();
    }

    @Test
    void aFeatureReplacesTheOneOfItsClassInItsPlaceAndCanBeRemoved() {
        CorsFeature mine = new CorsFeature();
        GatewayBuilder builder = Gateway.builder().feature(mine).without(CacheFeature.class);
        assertThat(builder.features()).hasSize(6).element(1).isSameAs(mine);
        assertThat(builder.features()).extracting(Object::getClass).doesNotContain(CacheFeature.class);
    }

    @Test
    void withoutAFeatureItsIntegrationTypeIsRefusedNamingTheRoute() {
        assertThatThrownBy(() -> Gateway.builder().without(HttpIntegrationFeature.class).api(SHOP).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.path()).isEqualTo("shop.routes[0].integration");
                            assertThat(p.message()).startsWith("no integration factory handles MOCK integrations");
                        }));
    }

    @Test
    void withoutTheWebSocketFeatureAWebSocketApiIsRefusedNamingItsType() {
        Api chat = Api.builder("chat").type(ApiType.WEBSOCKET).routeSelectionExpression("$request.body.action")
                .route("$default", IntegrationSpec.mock(200)).build();
        assertThatThrownBy(() -> Gateway.builder().without(WebSocketApiFeature.class).api(chat).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.path()).isEqualTo("chat.type");
                            assertThat(p.message()).contains("no feature of this gateway serves WEBSOCKET APIs");
                        }));
        assertThat(Gateway.builder().api(chat).build().mounts()).hasSize(1);
    }

    @Test
    void anEmptyBuilderServesWhatItsFeaturesContributeAndNothingElse() {
        AtomicInteger contributions = new AtomicInteger();
        GatewayFeature teapot = new GatewayFeature() {
            @Override
            public Contribution contribute(GatewayResources resources) {
                contributions.incrementAndGet();
                assertThat(resources.httpClient()).isNotNull();
                return Contribution.integrations((context, integration) -> Optional.of(
                        exchange -> Mono.just(Reply.of(418, new DefaultHttpHeaders(),
                                new byte[0]))));
            }
        };
        Gateway gateway = GatewayBuilder.empty().feature(teapot).api(SHOP).build();
        assertThat(get(gateway, "/shop/ping").status()).isEqualTo(418);
        assertThat(gateway.mounts().get(0).pipelines()[0].steps()).containsExactly("integration:mock");
        assertThat(contributions).hasValue(1);
    }

    @Test
    void everyFeaturesChecksRunAndTheirProblemsAreToldTogether() {
        GatewayFeature first = resources -> Contribution.NONE.withCheck(apis -> List.of(new Problem("a", "one")));
        GatewayFeature second = resources -> Contribution.NONE.withCheck(apis -> List.of(new Problem("b", "two")));
        assertThatThrownBy(() -> Gateway.builder().feature(first).feature(second).api(SHOP).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems())
                        .containsExactly(new Problem("a", "one"), new Problem("b", "two")));
    }

    @Test
    void aRouteWithAnIamAuthorizationNeedsTheFeaturesCredentials() {
        Api iam = Api.builder("iam").basePath("/iam")
                .route(new RouteSpec("GET /x", IntegrationSpec.mock(200)).authorizationType("AWS_IAM"))
                .build();
        assertThatThrownBy(() -> Gateway.builder().api(iam).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).singleElement()
                        .extracting(Problem::path).isEqualTo("iam.routes[0].authorization-type"));
    }
}
