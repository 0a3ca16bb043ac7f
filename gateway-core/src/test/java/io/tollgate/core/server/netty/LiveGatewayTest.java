package io.tollgate.core.server.netty;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.StubRequest;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compiled gateway is a value and the server holds the current one in a single reference: a swap leaves requests
 * in flight to the gateway that resolved them, the next request meets the new one, and the state that outlives
 * requests (here a usage plan's quota) stays with the features both were built from.
 */
class LiveGatewayTest {

    @Test
    void aRequestInFlightEndsOnItsGatewayWhileTheNextOnesMeetTheNewOne() throws Exception {
        Sinks.One<Object> held = Sinks.one();
        AtomicInteger calls = new AtomicInteger();
        GatewayFunction hold = (event, context) -> {
            calls.incrementAndGet();
            return held.asMono();
        };
        Gateway first = Gateway.builder()
                .api(Api.builder("shop").basePath("/shop")
                        .route("GET /hold", IntegrationSpec.function("hold"))
                        .route("GET /version", IntegrationSpec.mock(200).body("one"))
                        .build())
                .feature(new FunctionFeature(name -> Optional.ofNullable(Map.of("hold", hold).get(name))))
                .build();
        Gateway second = Gateway.builder()
                .api(Api.builder("shop").basePath("/shop")
                        .route("GET /version", IntegrationSpec.mock(200).body("two"))
                        .build())
                .build();
        LiveGateway live = new LiveGateway(first);
        try (GatewayServer server = GatewayServer.start(live)) {
            TestHttp http = server.http();
            assertThat(http.get("/shop/version").body()).isEqualTo("one");

            CompletableFuture<TestHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> http.get("/shop/hold"));
            Await.until("the held request to reach its function", () -> calls.get() == 1);

            assertThat(live.swap(second)).isSameAs(first);
            assertThat(live.current()).isSameAs(second);
            assertThat(http.get("/shop/version").body()).isEqualTo("two");
            // the new gateway has no such route; the request already in flight is not disturbed
            assertThat(http.get("/shop/hold").status()).isEqualTo(404);
            assertThat(inFlight).isNotDone();

            held.tryEmitValue(Map.of("statusCode", 201, "body", "held"));
            TestHttp.Response answer = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.body()).isEqualTo("held");
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void stateThatOutlivesRequestsStaysWithTheFeaturesAcrossARebuild() {
        String key = "0123456789abcdef0123456789abcdef";
        UsagePlan plan = new UsagePlan("basic", null, new Quota(2, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("shop", "$default", Map.of())), Instant.EPOCH);
        UsageFeature usage = new UsageFeature(UsageControl.builder().plans(List.of(plan)).account(null)
                .keys(new InMemoryApiKeyRepository(List.of(new ApiKey("k1", "one", key, true, Set.of("basic"),
                        Instant.EPOCH)))).build());
        Api shop = Api.builder("shop").basePath("/shop")
                .route(new RouteSpec("GET /orders", IntegrationSpec.mock(200)).apiKeyRequired(true))
                .build();
        GatewayBuilder builder = Gateway.builder().api(shop).feature(usage);
        LiveGateway live = new LiveGateway(builder.build());
        assertThat(send(live, key).status()).isEqualTo(200);
        assertThat(send(live, key).status()).isEqualTo(200);

        Gateway rebuilt = builder.build();
        assertThat(rebuilt).isNotSameAs(live.current());
        live.swap(rebuilt);
        // the quota of 2 a day was used up on the gateway before: the rebuilt one knows it
        assertThat(send(live, key).status()).isEqualTo(429);

        // a gateway built with a usage feature of its own starts afresh: the state is the feature's, not the gateway's
        live.swap(Gateway.builder().api(shop).feature(new UsageFeature(UsageControl.builder().plans(List.of(plan))
                .account(null).keys(new InMemoryApiKeyRepository(List.of(new ApiKey("k1", "one", key, true,
                        Set.of("basic"), Instant.EPOCH)))).build())).build());
        assertThat(send(live, key).status()).isEqualTo(200);
    }

    private static Reply send(LiveGateway live, String key) {
        Gateway gateway = live.current();
        StubRequest request = StubRequest.get("/shop/orders", "x-api-key", key);
        return gateway.process(gateway.resolve("GET", "/shop/orders"), request).block(Duration.ofSeconds(10));
    }
}
