package io.tollgate.autoconfigure;

import io.tollgate.core.server.netty.GatewayEntry;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The gateway inside a real application: its routes served on Reactor Netty ahead of WebFlux, the rest after the app. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectServingTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
    }

    @LocalServerPort
    int port;

    /** The real entry, watched: how often a request is resolved, and whether the Reactor Netty door hands over. */
    @MockitoSpyBean
    GatewayEntry entry;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void explicitRoutesAreServedAheadOfWebFlux() {
        client().get().uri("/api/items/7?q=1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/items/7?q=1")
                .expectHeader().exists("apigw-requestid")
                .expectHeader().doesNotExist("x-webflux")
                .expectBody().isEmpty();
        client().get().uri("/legacy/prod/pets/3").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/pets/3")
                .expectHeader().exists("x-amzn-RequestId")
                .expectBody().isEmpty();
    }

    @Test
    void theApplicationsEndpointsWinOverTheDefaultRoute() {
        client().get().uri("/api/own").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("apigw-requestid")
                .expectBody(String.class).isEqualTo("the application's own");
        client().get().uri("/elsewhere").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("elsewhere");
    }

    @Test
    void defaultRouteAndUnmatchedRequestsAreServedThroughWebFlux() {
        client().get().uri("/api/anything/else").exchange()
                .expectStatus().isEqualTo(418)
                .expectHeader().valueEquals("x-webflux", "seen")
                .expectBody(String.class).isEqualTo("default route");
        client().get().uri("/legacy/prod/nothing").exchange()
                .expectStatus().isForbidden()
                .expectHeader().valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException")
                .expectBody(String.class).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void corsPreflightsForRoutesWithoutOptionsAreAnsweredByTheGateway() {
        client().options().uri("/api/items/7")
                .header("origin", "https://app.example")
                .header("access-control-request-method", "GET")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("access-control-allow-origin", "https://app.example")
                .expectHeader().valueEquals("access-control-max-age", "300")
                .expectBody().isEmpty();
        client().get().uri("/api/items/7").header("origin", "https://app.example").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("access-control-allow-origin", "https://app.example")
                .expectBody().isEmpty();
    }

    @Test
    void malformedPathsGetTheGatewaysAnswer() {
        // java.net.URI refuses to build such a request, Reactor Netty's client sends it as written
        TestHttp.Response response = new TestHttp("http://127.0.0.1:" + port).get("/api/items/%zz");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("apigw-requestid")).isNotBlank();
        assertThat(response.body()).isEqualTo("{\"message\":\"Bad Request: malformed percent-encoding in the path\"}");
    }

    @Test
    void requestsOutsideEveryApiAreNotTheGateways() {
        client().get().uri("/not-an-api").exchange()
                .expectStatus().isNotFound()
                .expectHeader().doesNotExist("apigw-requestid")
                .expectBody().jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void aDefaultRouteRequestIsResolvedOnceThoughItPassesBothDoors() {
        clearInvocations(entry);
        client().get().uri("/api/anything/else").exchange()
                .expectStatus().isEqualTo(418)
                .expectHeader().valueEquals("x-webflux", "seen")
                .expectBody(String.class).isEqualTo("default route");
        // the Reactor Netty door resolved it and handed it over; the WebFlux door took the hand-over
        verify(entry, times(1)).resolve(anyString(), anyString(), anyBoolean(), any());
        verify(entry, times(1)).handOver(any(), any());
        verify(entry, times(1)).resolveOnce(any());

        clearInvocations(entry);
        client().get().uri("/api/items/7").exchange().expectStatus().isOk().expectHeader().doesNotExist("x-webflux");
        // an explicit route: claimed by the Reactor Netty door, whose handler takes the claim's resolution
        verify(entry, times(1)).resolve(anyString(), anyString(), anyBoolean(), any());
        verify(entry, times(1)).resolveOnce(any());
    }
}
