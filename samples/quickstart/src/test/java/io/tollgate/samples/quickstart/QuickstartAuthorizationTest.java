package io.tollgate.samples.quickstart;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

/** The quickstart's protected routes, as docs/quickstart.md shows them: the demo JWT route and the TOKEN authorizer route. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class QuickstartAuthorizationTest {

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        int port = TestSocketUtils.findAvailableTcpPort();
        registry.add("server.port", () -> port);
    }

    @Value("${server.port}")
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    private String token(Map<String, Object> request) {
        return client().post().uri("/demo/token").contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token").toString();
    }

    @Test
    void theSecureRouteWantsADemoTokenForPetstoreWithPetsRead() {
        client().get().uri("/secure/pets/1").exchange().expectStatus().isUnauthorized()
                .expectBody(String.class).isEqualTo("{\"message\":\"Unauthorized\"}");
        String good = token(Map.of("sub", "alice", "scope", "pets:read", "aud", "petstore", "ttlSeconds", 300));
        client().get().uri("/secure/pets/1").headers(h -> h.setBearerAuth(good)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.type").isEqualTo("dog");
        String noScope = token(Map.of("sub", "alice", "scope", "pets:write", "aud", "petstore", "ttlSeconds", 300));
        client().get().uri("/secure/pets/1").headers(h -> h.setBearerAuth(noScope)).exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Forbidden\"}");
        String otherAudience = token(Map.of("sub", "alice", "scope", "pets:read", "aud", "billing", "ttlSeconds", 300));
        client().get().uri("/secure/pets/1").headers(h -> h.setBearerAuth(otherAudience)).exchange()
                .expectStatus().isUnauthorized().expectBody().consumeWith(body -> { });
        String expired = token(Map.of("sub", "alice", "scope", "pets:read", "aud", "petstore", "ttlSeconds", -120));
        client().get().uri("/secure/pets/1").headers(h -> h.setBearerAuth(expired)).exchange()
                .expectStatus().isUnauthorized().expectBody().consumeWith(body -> { });
        client().get().uri("/demo/jwks.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].kty").isEqualTo("RSA").jsonPath("$.keys[0].d").doesNotExist();
    }

    @Test
    void theCustomRouteBehavesLikeAwsSampleAuthorizer() {
        client().get().uri("/custom/pets/2").header("Authorization", "allow").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.type").isEqualTo("cat");
        client().get().uri("/custom/pets/2").header("Authorization", "deny").exchange().expectStatus().isForbidden()
                .expectBody(String.class)
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        client().get().uri("/custom/pets/2").header("Authorization", "unauthorized").exchange()
                .expectStatus().isUnauthorized().expectBody(String.class).isEqualTo("{\"message\":\"Unauthorized\"}");
        client().get().uri("/custom/pets/2").header("Authorization", "something").exchange()
                .expectStatus().isEqualTo(500).expectBody(String.class).isEqualTo("{\"message\":\"Internal server error\"}");
        client().get().uri("/custom/pets/2").exchange().expectStatus().isUnauthorized().expectBody().consumeWith(body -> { });
    }

    @Test
    void thePlanRouteWantsAnApiKeyOfTheBasicPlan() {
        client().get().uri("/plans/pets/3").exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Forbidden\"}");
        client().get().uri("/plans/pets/3").header("x-api-key", "not-a-key-0123456789abc").exchange()
                .expectStatus().isForbidden().expectBody().consumeWith(body -> { });
        client().get().uri("/plans/pets/3").header("x-api-key", "qs-basic-key-0123456789").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ratelimit-limit", "20")
                .expectBody().jsonPath("$.type").isEqualTo("fish");
        // a burst of 20, then 10 per second: hammering gets 429 Too Many Requests
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            int status = client().get().uri("/plans/pets/3").header("x-api-key", "qs-basic-key-0123456789").exchange()
                    .expectBody().returnResult().getStatus().value();
            throttled += status == 429 ? 1 : 0;
        }
        org.assertj.core.api.Assertions.assertThat(throttled).isPositive();
    }
}
