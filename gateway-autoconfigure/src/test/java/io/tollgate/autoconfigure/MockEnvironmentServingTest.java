package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The default {@code @SpringBootTest} (a mock environment, no server) with {@code WebTestClient}: gateway routes are
 * served through WebFlux without Reactor Netty's request, as an application's own tests would call them.
 */
@SpringBootTest(classes = ServerTestApplication.class)
@AutoConfigureWebTestClient
class MockEnvironmentServingTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.apis.shop.routes[2].route-key", () -> "POST /echo");
        registry.add("tollgate.apis.shop.routes[2].integration.type", () -> "HTTP_PROXY");
        registry.add("tollgate.apis.shop.routes[2].integration.uri", () -> "${stageVariables.backend}/echo/body");
    }

    @Autowired
    WebTestClient client;

    @Test
    void anHttpProxyRouteReachesItsBackend() {
        client.get().uri("/api/items/7?q=1").header("x-trace", "t-1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/items/7?q=1")
                .expectHeader().valueEquals("x-echo-h-x-trace", "t-1")
                .expectHeader().exists("apigw-requestid");
    }

    @Test
    void aRequestBodyIsForwardedAndTheBackendsBodyReturned() {
        String body = "hello ".repeat(20_000); // several buffers each way
        client.post().uri("/api/echo").contentType(MediaType.TEXT_PLAIN).bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-method", "POST")
                .expectBody(String.class).isEqualTo(body);
        client.post().uri("/api/items/7").contentType(MediaType.TEXT_PLAIN).bodyValue("hello")
                .exchange()
                .expectStatus().isEqualTo(418)
                .expectBody(String.class).isEqualTo("default route");
        client.get().uri("/legacy/prod/pets/3").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/pets/3")
                .expectHeader().exists("x-amzn-RequestId");
    }

    @Test
    void gatewayResponsesAndTheApplicationsOwnEndpointsToo() {
        client.get().uri("/legacy/prod/nothing").exchange()
                .expectStatus().isForbidden()
                .expectBody().json("{\"message\":\"Missing Authentication Token\"}");
        client.get().uri("/api/own").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("the application's own");
        client.options().uri("/api/items/9")
                .header("origin", "https://app.example")
                .header("access-control-request-method", "GET")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("access-control-allow-origin", "https://app.example");
    }
}
