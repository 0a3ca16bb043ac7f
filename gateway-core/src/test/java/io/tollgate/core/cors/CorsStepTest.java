package io.tollgate.core.cors;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The CORS step alone, with a stub request and a stub next step: no server, no route table. */
class CorsStepTest {

    private static final Api API = Api.builder("shop").route("GET /orders", IntegrationSpec.mock(200)).build();

    private final AtomicInteger nextCalls = new AtomicInteger();
    private final ExchangeHandler next = exchange -> {
        nextCalls.incrementAndGet();
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("Access-Control-Allow-Origin", "https://backend.example");
        return Mono.just(Reply.of(200, headers, "ok".getBytes()));
    };

    private Reply run(CorsConfiguration cors, StubRequest request) {
        GatewayExchange exchange = new GatewayExchange(request, RequestPath.parse(request.rawPath()), API,
                API.stages().get(0), null, 0, System.nanoTime());
        return new CorsStep(cors).apply(exchange, next).block(Duration.ofSeconds(10));
    }

    private static CorsConfiguration cors(List<String> origins, boolean credentials) {
        return new CorsConfiguration(origins, List.of("GET", "POST"), List.of("content-type"), List.of("x-total"),
                Duration.ofMinutes(10), credentials);
    }

    @Test
    void aPreflightIsAnsweredHereAndGoesNoFurther() {
        Reply reply = run(cors(List.of("https://*.example.com"), false), StubRequest.of("OPTIONS", "/orders",
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"));
        assertThat(nextCalls).hasValue(0);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(reply.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET,POST");
        assertThat(reply.headers().get("Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(reply.headers().get("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(reply.headers().get("Vary")).isEqualToIgnoringCase("Origin");
    }

    @Test
    void aPreflightFromAnotherOriginOrForAnotherMethodGetsNoAllowHeaders() {
        Reply otherOrigin = run(cors(List.of("https://*.example.com"), false), StubRequest.of("OPTIONS", "/orders",
                "Origin", "https://app.example.com.evil.io", "Access-Control-Request-Method", "GET"));
        Reply otherMethod = run(cors(List.of("https://app.example.com"), false), StubRequest.of("OPTIONS", "/orders",
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "DELETE"));
        for (Reply reply : List.of(otherOrigin, otherMethod)) {
            assertThat(reply.status()).isEqualTo(204);
            assertThat(reply.headers().contains("Access-Control-Allow-Origin")).isFalse();
            assertThat(reply.headers().contains("Access-Control-Allow-Methods")).isFalse();
        }
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void anAllowedOriginGetsTheGatewaysHeadersInPlaceOfTheBackends() {
        Reply reply = run(cors(List.of("*"), true), StubRequest.get("/orders", "Origin", "https://a.example"));
        assertThat(nextCalls).hasValue(1);
        assertThat(reply.status()).isEqualTo(200);
        // with credentials, "*" is answered with the origin itself
        assertThat(reply.headers().getAll("Access-Control-Allow-Origin")).containsExactly("https://a.example");
        assertThat(reply.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(reply.headers().get("Access-Control-Expose-Headers")).isEqualTo("x-total");
    }

    @Test
    void aRefusedOriginLosesTheBackendsCorsHeadersAndARequestWithoutOriginIsUntouched() {
        Reply refused = run(cors(List.of("https://app.example.com"), false),
                StubRequest.get("/orders", "Origin", "https://evil.example"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.headers().contains("Access-Control-Allow-Origin")).isFalse();

        Reply noOrigin = run(cors(List.of("https://app.example.com"), false), StubRequest.get("/orders"));
        assertThat(noOrigin.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://backend.example");
        assertThat(nextCalls).hasValue(2);
    }
}
