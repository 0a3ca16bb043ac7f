package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With Spring Security and Spring Boot's default chain (everything needs the generated user's password): explicit
 * routes are served directly and the {@code $default} route ahead of the chain; the application's endpoints need the
 * password.
 */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.security.user.name=ops", "spring.security.user.password=pw"})
class DefaultChainSpringSecurityTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void gatewayRoutesPassAndTheApplicationIsGuarded() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.get().uri("/api/items/9").exchange().expectStatus().isOk().expectBody().isEmpty();
        client.delete().uri("/api/items/9").exchange().expectStatus().isEqualTo(418)
                .expectBody(String.class).isEqualTo("default route");
        client.get().uri("/legacy/prod/nowhere").exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        client.get().uri("/api/own").exchange().expectStatus().isUnauthorized().expectBody().isEmpty();
        client.get().uri("/api/own").headers(h -> h.setBasicAuth("ops", "pw")).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("the application's own");
    }
}
