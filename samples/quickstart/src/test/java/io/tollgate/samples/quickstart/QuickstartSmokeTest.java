package io.tollgate.samples.quickstart;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The quickstart as a user runs it: a real server on a real port, the gateway in front of the app's own backend. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class QuickstartSmokeTest {

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        int port = TestSocketUtils.findAvailableTcpPort();
        registry.add("server.port", () -> port);
    }

    @Value("${server.port}")
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void petsAreProxiedThroughTheGateway() {
        client().get().uri("/pets").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("apigw-requestid")
                .expectBody().jsonPath("$[0].type").isEqualTo("dog").jsonPath("$.length()").isEqualTo(3);
        client().get().uri("/pets/2").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("apigw-requestid")
                .expectBody().jsonPath("$.type").isEqualTo("cat");
        client().get().uri("/pets/99").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").isEqualTo("no pet 99");
    }

    @Test
    void greedyStoreRouteKeepsPathQueryAndMethod() {
        client().post().uri("/store/orders/7?express=true").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("POST")
                .jsonPath("$.path").isEqualTo("/backend/store/orders/7")
                .jsonPath("$.query").isEqualTo("express=true");
    }

    @Test
    void healthIsAMock() {
        client().get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"status\":\"ok\"}");
    }

    @Test
    void anythingElseIsNotFound() {
        client().get().uri("/nope").exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists("apigw-requestid")
                .expectBody(String.class).isEqualTo("{\"message\":\"Not Found\"}");
        client().delete().uri("/pets/1").exchange()
                .expectStatus().isNotFound()
                .expectBody(String.class).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void theApplicationsOwnEndpointsStillWork() {
        client().get().uri("/backend/pets/1").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("apigw-requestid")
                .expectBody().jsonPath("$.type").isEqualTo("dog");
    }
}
