package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import io.tollgate.core.server.netty.GatewayEntry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.test.StepVerifier;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux components share one resolution per exchange: the security bypass filter, the preflight filter and the
 * handler mapping never resolve a request twice (a swap in between shows it), and a request outside every API is
 * remembered as such.
 */
class WebFluxDoorTest {

    private static Gateway gateway(String body) {
        return Gateway.builder().api(Api.builder("shop").basePath("/shop")
                .route("$default", IntegrationSpec.mock(200).body(body))
                .build()).build();
    }

    @Test
    void anExchangeIsResolvedOnceWhicheverComponentAsks() {
        Gateway first = gateway("one");
        LiveGateway live = new LiveGateway(first);
        TollgateHandlerMapping mapping = new TollgateHandlerMapping(new GatewayEntry(live));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/shop/anything"));

        Resolution resolved = mapping.resolve(exchange);
        assertThat(resolved.gateway()).isSameAs(first);
        live.swap(gateway("two"));

        assertThat(mapping.resolve(exchange)).isSameAs(resolved);
        StepVerifier.create(mapping.getHandler(exchange)).assertNext(handler -> assertThat(handler)
                .isInstanceOf(WebHandler.class)).expectComplete().verify(Duration.ofSeconds(10));
        // a new exchange meets the new gateway
        assertThat(mapping.resolve(MockServerWebExchange.from(MockServerHttpRequest.get("/shop/anything"))).gateway())
                .isSameAs(live.current());
    }

    @Test
    void outsideEveryApiIsRememberedAsSuch() {
        LiveGateway live = new LiveGateway(gateway("one"));
        TollgateHandlerMapping mapping = new TollgateHandlerMapping(new GatewayEntry(live));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/elsewhere"));
        assertThat(mapping.resolve(exchange)).isNull();
        live.swap(Gateway.builder().api(Api.builder("all").route("$default", IntegrationSpec.mock(200)).build()).build());
        assertThat(mapping.resolve(exchange)).isNull();
        StepVerifier.create(mapping.getHandler(exchange)).expectComplete().verify(Duration.ofSeconds(10));
    }
}
