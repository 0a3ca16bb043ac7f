package io.tollgate.autoconfigure;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code tollgate.server.direct=false} every gateway route runs through WebFlux, so WebFilters see it. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tollgate.server.direct=false")
class WebFluxServingTest {

    /** A WebSocket backend: echoes each frame, and closes with 4001 when told "bye". */
    private static final DisposableServer WEBSOCKETS = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames()
                    .concatMap(frame -> "bye".equals(frame.content().toString(StandardCharsets.UTF_8))
                            ? out.sendClose(4001, "bye").then(Mono.<WebSocketFrame>empty()) : Mono.just(frame.retain())))))
            .bindNow();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.apis.live.base-path", () -> "/live");
        registry.add("tollgate.apis.live.routes[0].route-key", () -> "GET /{proxy+}");
        registry.add("tollgate.apis.live.routes[0].integration.type", () -> "HTTP_PROXY");
        registry.add("tollgate.apis.live.routes[0].integration.uri", () -> "http://127.0.0.1:" + WEBSOCKETS.port() + "/{proxy}");
    }

    @AfterAll
    static void stop() {
        WEBSOCKETS.disposeNow();
    }

    @LocalServerPort
    int port;

    @Test
    void explicitRoutesGoThroughTheFilterChain() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.post().uri("/api/items/9").exchange().expectStatus().isEqualTo(418)
                .expectBody(String.class).isEqualTo("default route");
        client.get().uri("/api/items/9").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-webflux", "seen")
                .expectHeader().valueEquals("x-echo-uri", "/echo/items/9")
                .expectHeader().exists("apigw-requestid")
                .expectBody().isEmpty();
    }

    @Test
    void aWebSocketUpgradeThroughWebFluxIsRelayedFramesAndCloseBothWays() {
        List<String> got = HttpClient.create().websocket().uri("ws://127.0.0.1:" + port + "/live/echo")
                .handle((in, out) -> Flux.merge(
                        out.sendString(Flux.just("hello", "bye")).then().then(Mono.<String>never()),
                        in.receive().asString(),
                        in.receiveCloseStatus().map(status -> status.code() + " " + status.reasonText()))
                        .takeUntil(text -> text.startsWith("4001")))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(got).containsExactly("hello", "4001 bye");
    }

    @Test
    void corsPreflightsAreTheGatewaysThroughWebFluxToo() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.options().uri("/api/items/9")
                .header("origin", "https://app.example")
                .header("access-control-request-method", "GET")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("access-control-allow-origin", "https://app.example")
                .expectBody().isEmpty();
    }
}
