package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With Spring Security and the application's own chain (everything authenticated), gateway routes, all served
 * through WebFlux here, answer to Tollgate's authorizers only, while the application's endpoints stay guarded.
 */
@SpringBootTest(classes = {ServerTestApplication.class, SecuredTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tollgate.server.direct=false")
class AppChainSpringSecurityTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SecuredTestConfiguration.properties(registry);
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void gatewayRoutesAreNotChallengedByTheApplicationChain() {
        client().get().uri("/api/items/9").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/items/9").expectBody().isEmpty();
        client().post().uri("/api/anything/else").exchange().expectStatus().isEqualTo(418)
                .expectBody(String.class).isEqualTo("default route");
        client().options().uri("/api/items/9").header("origin", "https://app.example")
                .header("access-control-request-method", "GET").exchange().expectStatus().isNoContent()
                .expectBody().isEmpty();
    }

    @Test
    void gatewayAuthorizersDecideOnGatewayRoutes() {
        client().get().uri("/api/secure/1").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("www-authenticate", "Bearer")
                .expectBody(String.class).isEqualTo("{\"message\":\"Unauthorized\"}");
        // the application's credentials mean nothing to the gateway's JWT authorizer
        client().get().uri("/api/secure/1").headers(h -> h.setBasicAuth("admin", "secret")).exchange()
                .expectStatus().isUnauthorized().expectBody().consumeWith(body -> { });
        String token = SecuredTestConfiguration.ISSUER.token("shop", c -> { });
        client().get().uri("/api/secure/1").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/secure/1").expectBody().isEmpty();
    }

    @Test
    void theApplicationsEndpointsStayUnderItsChain() {
        client().get().uri("/api/own").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueMatches("www-authenticate", "Basic.*").expectBody().isEmpty();
        client().get().uri("/api/own").headers(h -> h.setBasicAuth("admin", "secret")).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("the application's own");
        client().get().uri("/elsewhere").exchange().expectStatus().isUnauthorized().expectBody().isEmpty();
        client().get().uri("/elsewhere").headers(h -> h.setBasicAuth("admin", "wrong")).exchange()
                .expectStatus().isUnauthorized().expectBody().isEmpty();
    }
}
