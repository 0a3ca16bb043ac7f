package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code tollgate.server.app-security=apply}: the application's chain sees gateway requests that go through WebFlux. */
@SpringBootTest(classes = {ServerTestApplication.class, SecuredTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tollgate.server.direct=false", "tollgate.server.app-security=apply"})
class AppliedChainSpringSecurityTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SecuredTestConfiguration.properties(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void theApplicationChainGuardsGatewayRoutesToo() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.get().uri("/api/items/9").exchange().expectStatus().isUnauthorized().expectBody().isEmpty();
        client.get().uri("/api/items/9").headers(h -> h.setBasicAuth("admin", "secret")).exchange()
                .expectStatus().isOk().expectBody().isEmpty();
    }
}
