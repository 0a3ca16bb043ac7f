package io.tollgate.core.policy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
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

/** The resource policy step alone (the stub request's peer is 127.0.0.1): no server, no route table. */
class ResourcePolicyStepTest {

    private static final Api API = Api.builder("shop").route("GET /orders", IntegrationSpec.mock(200)).build();

    private final AtomicInteger nextCalls = new AtomicInteger();
    private final ExchangeHandler next = exchange -> {
        nextCalls.incrementAndGet();
        return Mono.just(Reply.of(200, new DefaultHttpHeaders(), new byte[0]));
    };

    private GatewayExchange exchange(String... headers) {
        StubRequest request = StubRequest.get("/orders", headers);
        return new GatewayExchange(request, RequestPath.parse("/orders"), API, API.stages().get(0), null, 0,
                System.nanoTime());
    }

    private Reply run(ResourcePolicy policy, GatewayExchange exchange) {
        return new ResourcePolicyStep(policy).apply(exchange, next).block(Duration.ofSeconds(10));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        ResourcePolicy policy = new ResourcePolicy(List.of("10.0.0.0/8"), List.of(), List.of("127.0.0.0/8"));
        GatewayExchange exchange = exchange("X-Forwarded-For", "203.0.113.9, 10.1.2.3");
        assertThat(run(policy, exchange).status()).isEqualTo(200);
        assertThat(exchange.sourceIp()).isEqualTo("10.1.2.3");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void aSpoofedLeftEntryDoesNotGetIn() {
        ResourcePolicy policy = new ResourcePolicy(List.of("10.0.0.0/8"), List.of(), List.of("127.0.0.0/8"));
        GatewayExchange exchange = exchange("X-Forwarded-For", "10.1.2.3, 198.51.100.7");
        Reply reply = run(policy, exchange);
        assertThat(reply.error().type()).isEqualTo(GatewayResponseType.ACCESS_DENIED);
        assertThat(reply.error().status()).isEqualTo(403);
        assertThat(exchange.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnoredAndAnExplicitDenyWins() {
        ResourcePolicy policy = new ResourcePolicy(List.of("0.0.0.0/0"), List.of("127.0.0.1/32"), List.of());
        GatewayExchange exchange = exchange("X-Forwarded-For", "10.1.2.3");
        Reply reply = run(policy, exchange);
        assertThat(reply.error().type()).isEqualTo(GatewayResponseType.ACCESS_DENIED);
        assertThat(reply.error().message()).startsWith("User: anonymous is not authorized to perform: execute-api:Invoke"
                + " on resource: arn:aws:execute-api:local:000000000000:shop/").endsWith("/GET/orders with an explicit deny");
        assertThat(exchange.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(nextCalls).hasValue(0);
    }
}
