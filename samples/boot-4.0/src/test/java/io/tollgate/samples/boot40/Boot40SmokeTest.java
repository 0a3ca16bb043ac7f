package io.tollgate.samples.boot40;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.SpringVersion;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tollgate in a Spring Boot 4.0 application, as a user runs it: a real server on a random port, the API of
 * {@code application.yml} in front of a backend (a Reactor Netty server of this test that answers with what it
 * received), asked through {@link WebTestClient}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// 30 s, not WebTestClient's 5 s: these tests are about answers, not latency, on a shared machine
@AutoConfigureWebTestClient(timeout = "PT30S")
class Boot40SmokeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The backend: answers every request with its method, path, query string, content type and body, as JSON. */
    private static final DisposableServer BACKEND = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                    .defaultIfEmpty("")
                    .flatMap(body -> {
                        String uri = request.uri();
                        int q = uri.indexOf('?');
                        Map<String, String> echo = new LinkedHashMap<>();
                        echo.put("method", request.method().name());
                        echo.put("path", q < 0 ? uri : uri.substring(0, q));
                        echo.put("query", q < 0 ? "" : uri.substring(q + 1));
                        echo.put("contentType", String.valueOf(request.requestHeaders().get("content-type")));
                        echo.put("body", body);
                        return response.header("content-type", "application/json")
                                .sendString(Mono.just(JSON.writeValueAsString(echo))).then();
                    }))
            .bindNow();

    @DynamicPropertySource
    static void backend(DynamicPropertyRegistry registry) {
        registry.add("boot40.backend", () -> "http://127.0.0.1:" + BACKEND.port());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.disposeNow();
    }

    @Autowired
    WebTestClient client;

    @Test
    void runsOnSpringBoot40() {
        // the point of this module: a test that ran on another Boot line would prove nothing about 4.0
        assertThat(SpringBootVersion.getVersion()).isEqualTo("4.0.7");
        // and on the Spring Framework that Boot 4.0.7 manages (4.1.1 has 7.0.9): Tollgate's poms impose none of theirs
        assertThat(SpringVersion.getVersion()).isEqualTo("7.0.8");
    }

    @Test
    void theProxyRouteReachesTheBackendWithPathQueryAndBodyIntact() {
        client.post().uri("/orders/2024/items?express=true&note={note}", "a b").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"sku\":\"bolt-7\",\"qty\":3}").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("apigw-requestid")
                .expectBody()
                .jsonPath("$.method").isEqualTo("POST")
                .jsonPath("$.path").isEqualTo("/orders/2024/items")
                .jsonPath("$.query").isEqualTo("express=true&note=a%20b")
                .jsonPath("$.contentType").isEqualTo("application/json")
                .jsonPath("$.body").isEqualTo("{\"sku\":\"bolt-7\",\"qty\":3}");
        client.get().uri("/orders/7").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("GET")
                .jsonPath("$.path").isEqualTo("/orders/7")
                .jsonPath("$.body").isEqualTo("");
    }

    @Test
    void theKeyRouteWantsAnApiKeyOfTheUsagePlan() {
        client.get().uri("/plans/orders/5").exchange()
                .expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Forbidden\"}");
        client.get().uri("/plans/orders/5").header("x-api-key", "not-a-key-0123456789abcdef").exchange()
                .expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Forbidden\"}");
        client.get().uri("/plans/orders/5").header("x-api-key", "boot40-basic-key-0123456789").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("GET")
                .jsonPath("$.path").isEqualTo("/orders/5");
    }

    @Test
    void theMockAnswers() {
        client.get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(String.class).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void anythingElseIsNotFound() {
        client.get().uri("/nope").exchange()
                .expectStatus().isNotFound()
                .expectBody(String.class).isEqualTo("{\"message\":\"Not Found\"}");
    }
}
