package io.tollgate.core.server.netty;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServerRequest;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each request is resolved once: the door that resolved it hands the resolution to the next door on the same thread,
 * and only for that request. A swap between the two shows which gateway resolved what.
 */
class GatewayEntryTest {

    private static Gateway gateway(String body) {
        return Gateway.builder().api(Api.builder("shop").basePath("/shop")
                .route("GET /orders", IntegrationSpec.mock(200).body(body))
                .route("$default", IntegrationSpec.mock(200).body(body))
                .build()).build();
    }

    private static HttpServerRequest request(String method, String uri, String... headerPairs) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        return (HttpServerRequest) Proxy.newProxyInstance(GatewayEntryTest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "method" -> HttpMethod.valueOf(method);
                    case "uri" -> uri;
                    case "requestHeaders" -> headers;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aResolutionHandedOverIsTakenOnceAndOnlyForItsRequest() throws Exception {
        Gateway first = gateway("one");
        LiveGateway live = new LiveGateway(first);
        GatewayEntry entry = new GatewayEntry(live);
        HttpServerRequest request = request("GET", "/shop/elsewhere");
        Resolution resolved = entry.resolve(request);
        assertThat(resolved.explicit()).isFalse();
        entry.handOver(request, resolved);
        Gateway second = gateway("two");
        live.swap(second);

        // another thread, or another request, does not get it: they are resolved now, on the current gateway
        Resolution elsewhere = CompletableFuture.supplyAsync(() -> entry.resolveOnce(request)).get(10, TimeUnit.SECONDS);
        assertThat(elsewhere.gateway()).isSameAs(second);
        assertThat(entry.resolveOnce(request("GET", "/shop/elsewhere")).gateway()).isSameAs(second);

        // the next door on this thread takes the first resolution (not resolved again: made by the first gateway)
        assertThat(entry.resolveOnce(request)).isSameAs(resolved);
        assertThat(resolved.gateway()).isSameAs(first);
        // and only once
        assertThat(entry.resolveOnce(request).gateway()).isSameAs(second);
    }

    @Test
    void outsideEveryApiIsHandedOverToo() {
        GatewayEntry entry = GatewayEntry.of(gateway("one"));
        HttpServerRequest request = request("GET", "/actuator/health");
        assertThat(entry.resolve(request)).isNull();
        entry.handOver(request, null);
        assertThat(entry.resolveOnce(request)).isNull();
    }

    @Test
    void everyDoorResolvesTheSameTarget() {
        GatewayEntry entry = GatewayEntry.of(gateway("one"));
        // absolute form, query and fragment: the path alone decides
        Resolution absolute = entry.resolve(request("GET", "http://example.com/shop/orders?x=1"));
        assertThat(absolute.explicit()).isTrue();
        assertThat(absolute.match().key()).hasToString("GET /orders");
        assertThat(entry.resolve(request("GET", "/shop/orders#top")).explicit()).isTrue();
        // a CORS preflight counts as the gateway's only where the API handles CORS (this one does not)
        assertThat(entry.resolve(request("OPTIONS", "/shop/orders", "Origin", "https://a.example",
                "Access-Control-Request-Method", "GET")).explicit()).isFalse();
    }
}
