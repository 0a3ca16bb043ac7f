package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code tollgate.server.direct=false} every gateway route runs through WebFlux, so WebFilters see it. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tollgate.server.direct=false")
class WebFluxServingTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
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
