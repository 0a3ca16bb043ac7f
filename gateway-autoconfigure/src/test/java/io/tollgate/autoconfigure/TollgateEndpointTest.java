package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/tollgate}: plans, keys (masked), key management at runtime, the usage report. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=tollgate")
class TollgateEndpointTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.apis.shop.routes[2].route-key", () -> "GET /keyed");
        registry.add("tollgate.apis.shop.routes[2].api-key-required", () -> "true");
        registry.add("tollgate.apis.shop.routes[2].integration.type", () -> "MOCK");
        registry.add("tollgate.usage-plans.basic.throttle.rate-limit", () -> "100");
        registry.add("tollgate.usage-plans.basic.throttle.burst-limit", () -> "100");
        registry.add("tollgate.usage-plans.basic.quota.limit", () -> "1000");
        registry.add("tollgate.usage-plans.basic.api-stages[0].api", () -> "shop");
        registry.add("tollgate.api-keys.config.value", () -> "config-key-0123456789abcdef");
        registry.add("tollgate.api-keys.config.usage-plans[0]", () -> "basic");
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    private int gateway(String key) {
        return client().get().uri("/api/keyed").header("x-api-key", key).exchange().expectBody().returnResult()
                .getStatus().value();
    }

    @Test
    void overviewPlansAndMaskedKeys() {
        client().get().uri("/actuator/tollgate").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.apis[?(@.name == 'shop')].routes[2].apiKeyRequired").isEqualTo(List.of(true))
                .jsonPath("$.usagePlans[0].name").isEqualTo("basic");
        client().get().uri("/actuator/tollgate/plans").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].quota.limit").isEqualTo(1000);
        String keys = client().get().uri("/actuator/tollgate/keys").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(keys).contains("conf****").doesNotContain("0123456789abcdef");
        // a key of the configuration was created when the application started
        client().get().uri("/actuator/tollgate/keys").exchange().expectBody()
                .jsonPath("$[?(@.id == 'config')].createdAt").value(created -> assertThat(
                        java.time.Instant.parse(((List<?>) created).get(0).toString()))
                        .isBetween(java.time.Instant.now().minus(java.time.Duration.ofHours(1)), java.time.Instant.now()));
        client().get().uri("/actuator/tollgate/nothing").exchange().expectStatus().isNotFound().expectBody().consumeWith(b -> { });
        String apis = client().get().uri("/actuator/tollgate/apis").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(apis).contains("\"GET /keyed\":[\"method_response:cors\",\"method_request:usage-plan\",\"integration:mock\"]",
                "\"$unmatched\":[", "\"integration\":{\"type\":\"MOCK\"");
    }

    @Test
    void keysAreCreatedDisabledAndDeletedAtRuntime() {
        assertThat(gateway("config-key-0123456789abcdef")).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> created = client().post().uri("/actuator/tollgate/keys")
                .bodyValue(Map.of("name", "partner", "usagePlans", "basic")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) created.get("id");
        String value = (String) created.get("value");
        assertThat(value).hasSize(40);
        assertThat(gateway(value)).isEqualTo(200);
        client().post().uri("/actuator/tollgate/keys/" + id).bodyValue(Map.of("enabled", "false")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(false);
        assertThat(gateway(value)).isEqualTo(403);
        client().get().uri("/actuator/tollgate/usage/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.days[0].plan").isEqualTo("basic")
                .jsonPath("$.days[0].used").isEqualTo(1)
                .jsonPath("$.days[0].remaining").isEqualTo(999);
        client().delete().uri("/actuator/tollgate/keys/" + id).exchange().expectStatus().isNoContent();
        client().get().uri("/actuator/tollgate/keys/" + id).exchange().expectStatus().isNotFound().expectBody().consumeWith(b -> { });
    }

    @Test
    void badWritesAreRefused() {
        client().post().uri("/actuator/tollgate/keys").bodyValue(Map.of("name", "x", "usagePlans", "basic,nope"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.message").isEqualTo("'nope' is not a usage plan");
        client().post().uri("/actuator/tollgate/keys").bodyValue(Map.of("name", "x", "value", "short")).exchange()
                .expectStatus().isBadRequest().expectBody().consumeWith(b -> { });
        client().post().uri("/actuator/tollgate/keys").bodyValue(Map.of("name", "dup", "value", "config-key-0123456789abcdef"))
                .exchange().expectStatus().isBadRequest().expectBody().consumeWith(b -> { });
        client().get().uri("/actuator/tollgate/usage/nobody?from=yesterday").exchange().expectStatus().isNotFound()
                .expectBody().consumeWith(b -> { });
    }
}
