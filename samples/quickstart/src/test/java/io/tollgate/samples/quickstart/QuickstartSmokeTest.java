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

    // 30 s, not WebTestClient's 5 s: these tests are about answers, not latency, on a shared 2-core machine with
    // Netty's paranoid leak detection
    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
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
    void cachedRouteAnswersHitsFromTheStageCache() {
        client().get().uri("/cached/pets/3?fields=type").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Tollgate-Cache", "MISS")
                .expectBody().jsonPath("$.type").isEqualTo("fish");
        client().get().uri("/cached/pets/3?fields=type&utm=x").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Tollgate-Cache", "HIT")
                .expectHeader().valueEquals("content-type", "application/json")
                .expectBody().jsonPath("$.type").isEqualTo("fish");
        client().get().uri("/cached/pets/3?fields=price").exchange()
                .expectHeader().valueEquals("X-Tollgate-Cache", "MISS")
                .expectBody().jsonPath("$.type").isEqualTo("fish");
        client().get().uri("/cached/pets/2?fields=type").exchange()
                .expectHeader().valueEquals("X-Tollgate-Cache", "MISS")
                .expectBody().jsonPath("$.type").isEqualTo("cat");
        // the plain routes are not cached
        client().get().uri("/pets/3").exchange().expectHeader().doesNotExist("X-Tollgate-Cache")
                .expectBody().jsonPath("$.type").isEqualTo("fish");
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
    void theMappedRouteChangesTheQueryTheBackendGets() {
        client().get().uri("/mapped/orders/7?tag=web&debug=1&caller=me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.path").isEqualTo("/backend/store/orders/7")
                .jsonPath("$.query").isEqualTo("tag=web&tag=gateway&caller=127.0.0.1");
    }

    @Test
    void newPetsAreValidatedAgainstThePetModelBeforeTheyAreProxied() {
        client().post().uri("/pets").header("content-type", "application/json")
                .bodyValue("{\"name\": \"Rex\", \"price\": 10}").exchange()
                .expectStatus().isCreated()
                .expectBody().json("{\"name\": \"Rex\", \"price\": 10}");
        client().post().uri("/pets").header("content-type", "application/json")
                .bodyValue("{\"price\": -1}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().json("{\"message\": \"Invalid request body\"}");
        client().post().uri("/pets").header("content-type", "application/json").bodyValue("{\"name\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().json("{\"message\": \"Invalid request body\"}");
        // the same body through the route without a validator reaches the backend
        client().post().uri("/unvalidated/pets").header("content-type", "application/json")
                .bodyValue("{\"price\": -1}").exchange()
                .expectStatus().isCreated()
                .expectBody().json("{\"price\": -1}");
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

    @Test
    void restApiReshapesAnswersWithResponseTemplates() {
        client().get().uri("/rest/v1/pets/1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-pet-type", "dog")
                .expectHeader().exists("x-amzn-RequestId")
                .expectBody().jsonPath("$.name").isEqualTo("dog").jsonPath("$.price").isEqualTo(249.99);
        client().get().uri("/rest/v1/pets/9").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").isEqualTo("no pet 9");
    }

    @Test
    void restApiReshapesRequestsWithRequestTemplates() {
        client().post().uri("/rest/v1/orders").header("content-type", "application/json")
                .bodyValue("{\"pet\":2,\"qty\":3}").exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.pet").isEqualTo(2).jsonPath("$.quantity").isEqualTo(3)
                .jsonPath("$.order").value(order -> org.assertj.core.api.Assertions.assertThat(order.toString()).startsWith("o-"));
        client().post().uri("/rest/v1/orders").header("content-type", "text/plain").bodyValue("two pets").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.message").isEqualTo("Unsupported Media Type");
        client().post().uri("/rest/v1/orders").header("content-type", "application/json").bodyValue("{\"pet\": ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m ->
                        org.assertj.core.api.Assertions.assertThat(m.toString()).startsWith("Could not parse request body into json"));
    }

    @Test
    void mockWithTemplatesChoosesItsStatus() {
        client().get().uri("/rest/v1/quote?pet=cat").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.pet").isEqualTo("cat").jsonPath("$.price").isEqualTo(42);
        client().get().uri("/rest/v1/quote").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").isEqualTo("pet is required");
        client().get().uri("/rest/v1/nope").exchange()
                .expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void functionRouteInvokesTheHandlerBean() {
        client().get().uri("/fn/pets/2").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("content-type", "application/json")
                .expectBody().jsonPath("$.type").isEqualTo("cat").jsonPath("$.requestId").exists();
        client().get().uri("/fn/pets/9").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").isEqualTo("no pet 9");
    }

    @Test
    void theWebApiAnswersCorsPreflightsAndCustomisesItsGatewayResponses() {
        client().options().uri("/web/pets").header("Origin", "https://shop.example.com")
                .header("Access-Control-Request-Method", "POST").exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("access-control-allow-origin", "https://shop.example.com")
                .expectHeader().valueEquals("access-control-allow-methods", "GET,POST")
                .expectHeader().valueEquals("access-control-max-age", "600")
                .expectBody().isEmpty();
        client().get().uri("/web/pets/1").header("Origin", "https://app.example.org").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("access-control-allow-origin", "https://app.example.org")
                .expectHeader().valueEquals("access-control-expose-headers", "apigw-requestid")
                .expectBody().jsonPath("$.type").isEqualTo("dog");
        client().get().uri("/web/pets/1").header("Origin", "https://evil.example.net").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("access-control-allow-origin")
                .expectBody().jsonPath("$.type").isEqualTo("dog");
        client().get().uri("/web/nope").exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists("x-request-id")
                .expectBody(String.class).isEqualTo("{\"error\": \"no such route\", \"path\": \"/web/nope\"}");
        client().post().uri("/web/pets").header("content-type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).isEqualTo("{\"message\": \"Invalid request body\", \"detail\":"
                        + " \"[object has missing required properties ([\\\"name\\\"])]\"}");
        client().get().uri("/web/search").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).isEqualTo("{\"error\": \"Missing required request parameters: [q]\","
                        + " \"type\": \"BAD_REQUEST_PARAMETERS\"}");
    }

    @Test
    void theInternalApiLetsInItsNetworkOnlyAsATrustedProxyNamesIt() {
        client().get().uri("/internal/pets/1").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.message").value(m -> org.assertj.core.api.Assertions.assertThat(m.toString())
                        .startsWith("User: anonymous is not authorized to perform: execute-api:Invoke"));
        client().get().uri("/internal/pets/1").header("X-Forwarded-For", "10.1.2.3").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.type").isEqualTo("dog");
        client().get().uri("/internal/pets/1").header("X-Forwarded-For", "10.6.6.6").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.message").value(m -> org.assertj.core.api.Assertions.assertThat(m.toString())
                        .endsWith("with an explicit deny"));
        // the admin route wants a SigV4 signature (the docs sign one with curl --aws-sigv4)
        client().get().uri("/admin/pets/1").exchange()
                .expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }
}
