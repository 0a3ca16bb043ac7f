package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A stage cache served through the application's server, and flushed with {@code DELETE /actuator/tollgate/cache/...}. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=tollgate")
class TollgateCacheEndpointTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.apis.shop.stages.[$default].cache.enabled", () -> "true");
        registry.add("tollgate.apis.shop.stages.[$default].cache.capacity", () -> "1MB");
        registry.add("tollgate.apis.shop.routes[0].cache.key-parameters[0]", () -> "method.request.path.id");
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    private void expect(String path, String status) {
        client().get().uri(path).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Tollgate-Cache", status)
                .expectBody().consumeWith(b -> { });
    }

    @Test
    void aStageIsFlushedThroughTheActuator() {
        expect("/api/items/1", "MISS");
        expect("/api/items/1", "HIT");
        client().get().uri("/actuator/tollgate/cache").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$['shop/$default'].entries").isEqualTo(1)
                .jsonPath("$['shop/$default'].capacity").isEqualTo(1024 * 1024);
        client().delete().uri("/actuator/tollgate/cache/shop/$default").exchange().expectStatus().isNoContent();
        expect("/api/items/1", "MISS");
        client().delete().uri("/actuator/tollgate/cache/legacy/prod").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").isEqualTo("no cache for api 'legacy' stage 'prod'");
        // the key operations are still where they were
        client().delete().uri("/actuator/tollgate/keys/nope").exchange().expectStatus().isNotFound()
                .expectBody().consumeWith(b -> { });
    }
}
