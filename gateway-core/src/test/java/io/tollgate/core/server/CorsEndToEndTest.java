package io.tollgate.core.server;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp.Response;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CORS handled by the gateway: preflights answered before any route, headers on every reply, errors included. */
class CorsEndToEndTest {

    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        Api api = Api.builder("shop").basePath("/shop")
                .cors(new CorsConfiguration(List.of("https://shop.example.com", "https://*.partners.example"),
                        List.of("GET", "POST"), List.of("content-type", "x-api-key"), List.of("x-request-id"),
                        Duration.ofMinutes(10), true))
                .route("GET /pets/{id}", IntegrationSpec.mock(200).body("{}").header("access-control-allow-origin", "*"))
                .route("$default", IntegrationSpec.mock(418).body("default"))
                .build();
        Api open = Api.builder("open").basePath("/open")
                .cors(new CorsConfiguration(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false))
                .route("GET /x", IntegrationSpec.mock(200))
                .build();
        Gateway gateway = Gateway.builder().api(api).api(open).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response preflight(String path, String origin, String method, String headers) {
        return http.exchange(HttpMethod.OPTIONS, path, h -> {
            h.set("origin", origin).set("access-control-request-method", method);
            if (headers != null) {
                h.set("access-control-request-headers", headers);
            }
        }, null);
    }

    @Test
    void preflightsAreAnsweredBeforeAnyRouteEvenTheDefaultOne() {
        Response r = preflight("/shop/pets/1", "https://shop.example.com", "POST", "Content-Type, X-Api-Key");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("access-control-allow-origin")).isEqualTo("https://shop.example.com");
        assertThat(r.header("access-control-allow-methods")).isEqualTo("GET,POST");
        assertThat(r.header("access-control-allow-headers")).isEqualTo("content-type,x-api-key");
        assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(r.header("access-control-max-age")).isEqualTo("600");
        assertThat(r.body()).isEmpty();
        assertThat(preflight("/shop/anywhere", "https://a.partners.example", "GET", null).header("access-control-allow-origin"))
                .isEqualTo("https://a.partners.example");
    }

    @Test
    void refusedPreflightsGetNoCorsHeaders() {
        assertThat(preflight("/shop/pets/1", "https://evil.example", "GET", null).header("access-control-allow-origin")).isNull();
        assertThat(preflight("/shop/pets/1", "https://shop.example.com", "DELETE", null).header("access-control-allow-origin")).isNull();
        assertThat(preflight("/shop/pets/1", "https://shop.example.com", "GET", "x-other").header("access-control-allow-origin")).isNull();
        assertThat(preflight("/shop/pets/1", "https://a.b.partners.example.evil", "GET", null).header("access-control-allow-origin")).isNull();
    }

    @Test
    void actualRequestsGetTheHeadersAndBackendCorsHeadersAreReplaced() {
        Response r = http.exchange(HttpMethod.GET, "/shop/pets/1", h -> h.set("origin", "https://shop.example.com"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("access-control-allow-origin")).isEqualTo("https://shop.example.com");
        assertThat(r.header("access-control-expose-headers")).isEqualTo("x-request-id");
        assertThat(r.header("vary")).isEqualTo("origin");
        Response evil = http.exchange(HttpMethod.GET, "/shop/pets/1", h -> h.set("origin", "https://evil.example"), null);
        assertThat(evil.header("access-control-allow-origin")).isNull();
        assertThat(http.get("/shop/pets/1").header("access-control-allow-origin")).isEqualTo("*");
    }

    @Test
    void gatewayErrorsAndTheDefaultRouteGetThemToo() {
        Response r = http.exchange(HttpMethod.GET, "/shop/nothing", h -> h.set("origin", "https://shop.example.com"), null);
        assertThat(r.status()).isEqualTo(418);
        assertThat(r.header("access-control-allow-origin")).isEqualTo("https://shop.example.com");
        Response notFound = http.exchange(HttpMethod.GET, "/open/nothing", h -> h.set("origin", "https://x.example"), null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("access-control-allow-origin")).isEqualTo("*");
        Response any = preflight("/open/x", "https://x.example", "PATCH", "x-anything");
        assertThat(any.header("access-control-allow-methods")).isEqualTo("PATCH");
        assertThat(any.header("access-control-allow-headers")).isEqualTo("x-anything");
    }

    @Test
    void invalidConfigurationsAreRejected() {
        assertThatThrownBy(() -> Api.builder("a").cors(new CorsConfiguration(List.of("*"), List.of("*"), List.of("*"),
                List.of(), null, true)).build()).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("cors.allow-credentials");
        assertThatThrownBy(() -> Api.builder("a").cors(new CorsConfiguration(List.of("shop.example.com"), List.of("*"),
                List.of("*"), List.of(), Duration.ofDays(2), false)).build())
                .hasMessageContaining("cors.allow-origins[0]").hasMessageContaining("cors.max-age");
    }
}
