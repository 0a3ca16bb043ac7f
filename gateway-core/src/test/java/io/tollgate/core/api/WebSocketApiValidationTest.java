package io.tollgate.core.api;

import io.tollgate.core.api.integration.IntegrationSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A WebSocket API's definition: its route keys, its route selection expression, and what its routes may not do. */
class WebSocketApiValidationTest {

    private static Api.Builder chat() {
        return Api.builder("chat").type(ApiType.WEBSOCKET).stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action");
    }

    @Test
    void aWebSocketApiKeepsItsRouteKeysItsExpressionAndAwsQuotas() {
        Api api = chat()
                .route("$connect", IntegrationSpec.mock(200))
                .route("$disconnect", IntegrationSpec.mock(200))
                .route(new RouteSpec("sendmessage", IntegrationSpec.mock(200)).routeResponseSelectionExpression("$default"))
                .route("$default", IntegrationSpec.function("echo"))
                .build();
        assertThat(api.routes()).extracting(r -> r.key().toString())
                .containsExactly("$connect", "$disconnect", "sendmessage", "$default");
        assertThat(api.routes()).extracting(Route::twoWay).containsExactly(false, false, true, false);
        assertThat(api.routes().get(3).key().isDefault()).isTrue();
        assertThat(api.routes().get(0).key().isDefault()).isFalse();
        assertThat(api.routeSelectionExpression()).isNotNull();
        assertThat(api.webSocket()).isEqualTo(WebSocketSettings.DEFAULTS);
        assertThat(api.webSocket().maxFrameSize()).isEqualTo(32 * 1024);
        assertThat(api.webSocket().maxMessageSize()).isEqualTo(128 * 1024);
        assertThat(api.webSocket().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(api.webSocket().maxDuration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void everyProblemIsReportedNamingItsProperty() {
        assertThatThrownBy(() -> Api.builder("chat").type("websocket")
                .route("$connect", IntegrationSpec.mock(200))
                .route("$conect", IntegrationSpec.mock(200))
                .route("", IntegrationSpec.mock(200))
                .route("GET /pets", IntegrationSpec.mock(200))
                .route("sendmessage", IntegrationSpec.mock(200))
                .route("sendmessage", IntegrationSpec.mock(200))
                .route(new RouteSpec("other", IntegrationSpec.mock(200)).authorizer("jwt"))
                .route(new RouteSpec("keyed", IntegrationSpec.mock(200)).apiKeyRequired(true))
                .route(new RouteSpec("$disconnect", IntegrationSpec.mock(200)).routeResponseSelectionExpression("$default"))
                .route(new RouteSpec("two", IntegrationSpec.mock(200)).routeResponseSelectionExpression("$other"))
                .route(new RouteSpec("fn", IntegrationSpec.function("f").payloadFormatVersion("2.0")))
                .webSocket(new WebSocketSettings(Duration.ZERO, Duration.ofHours(2), 64, 32, false, 16, false))
                .build())
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + ": " + p.message())
                        .anySatisfy(m -> assertThat(m).startsWith("routes[1].route-key: '$conect' is not a WebSocket"
                                + " route key"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[2].route-key: must not be empty"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[5].route-key: 'sendmessage' conflicts with"
                                + " routes[4]"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[6].authorizer: a WebSocket API authorizes on"
                                + " '$connect' only"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[7].api-key-required: a WebSocket API requires"
                                + " API keys on '$connect' only"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[8].route-response-selection-expression:"
                                + " '$disconnect' cannot answer"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[9].route-response-selection-expression:"
                                + " '$other' is not supported"))
                        .anySatisfy(m -> assertThat(m).startsWith("routes[10].integration.payload-format-version:"))
                        .anySatisfy(m -> assertThat(m).startsWith("route-selection-expression: must be set for a"
                                + " WebSocket API"))
                        .anySatisfy(m -> assertThat(m).startsWith("websocket.idle-timeout: must be positive"))
                        .anySatisfy(m -> assertThat(m).startsWith("websocket.max-frame-size: must be at least 125"))
                        .anySatisfy(m -> assertThat(m).startsWith("websocket.max-message-size: must be at least"
                                + " max-frame-size"))
                        .anySatisfy(m -> assertThat(m).startsWith("websocket.outbound-buffer: must be at least"
                                + " max-message-size")));
    }

    @Test
    void aRouteKeyIsMatchedExactlySoItKeepsItsCaseAndSpaces() {
        Api api = chat().route("Send Message", IntegrationSpec.mock(200)).build();
        assertThat(api.routes().get(0).key().toString()).isEqualTo("Send Message");
        assertThat(RouteKey.webSocket("$default").isDefault()).isTrue();
        assertThat(api.routes().get(0).key()).isEqualTo(RouteKey.webSocket("Send Message"))
                .isNotEqualTo(RouteKey.webSocket("send message"));
    }

    @Test
    void theOtherTypesHaveNoSelectionExpressionNorRouteResponses() {
        assertThatThrownBy(() -> Api.builder("shop").routeSelectionExpression("$request.body.action")
                .route(new RouteSpec("GET /x", IntegrationSpec.mock(200)).routeResponseSelectionExpression("$default"))
                .webSocket(WebSocketSettings.DEFAULTS)
                .build())
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + ": " + p.message())
                        .contains("route-selection-expression: only a WebSocket API (type: WEBSOCKET) has one",
                                "websocket: only a WebSocket API (type: WEBSOCKET) has WebSocket settings",
                                "routes[0].route-response-selection-expression: only a WebSocket API's routes have route"
                                        + " responses"));
        assertThatThrownBy(() -> Api.builder("shop").type("GRAPHQL").build())
                .hasMessageContaining("unknown API type 'GRAPHQL' (expected HTTP, REST or WEBSOCKET)");
    }
}
