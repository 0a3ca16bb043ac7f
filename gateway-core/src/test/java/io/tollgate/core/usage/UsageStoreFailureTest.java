package io.tollgate.core.usage;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A shared store that fails or hangs: the fail policy holds, nothing hangs past the timeout, failures are counted. */
class UsageStoreFailureTest {

    private static final String KEY = "failing-key-0123456789ab";

    private static final RateLimiterStore BROKEN = (key, limits) -> Mono.error(new IllegalStateException("connection refused"));
    private static final RateLimiterStore HANGING = (key, limits) -> Mono.never();

    private static UsageControl control(RateLimiterStore limiter, QuotaStore quotas, ApiKeyRepository keys,
                                        UsageControl.FailPolicy policy) {
        UsagePlan plan = new UsagePlan("plan", new Throttle(10, 10), new Quota(100, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("api", "$default", Map.of())), Instant.EPOCH);
        UsageControl.Builder builder = UsageControl.builder().plans(List.of(plan)).keys(keys).limiter(limiter)
                .failPolicy(policy).storeTimeout(Duration.ofMillis(200));
        if (quotas != null) {
            builder.quotas(quotas);
        }
        return builder.build();
    }

    private static ApiKeyRepository keys() {
        return new InMemoryApiKeyRepository(List.of(new ApiKey("k", "k", KEY, true, Set.of("plan"), Instant.EPOCH)));
    }

    private static TestHttp.Response call(UsageControl control) {
        Api api = Api.builder("api").route(new RouteSpec("GET /x", IntegrationSpec.mock(200)).apiKeyRequired(true)).build();
        try (GatewayServer server = GatewayServer.start(Gateway.builder().api(api).feature(new UsageFeature(control)).build())) {
            return server.http().exchange(HttpMethod.GET, "/x", h -> h.set("x-api-key", KEY), null);
        }
    }

    @Test
    void failClosedRefusesWith503() {
        for (RateLimiterStore store : List.of(BROKEN, HANGING)) {
            UsageControl control = control(store, null, keys(), UsageControl.FailPolicy.FAIL_CLOSED);
            long started = System.nanoTime();
            TestHttp.Response response = call(control);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(control.storeFailures()).isEqualTo(1);
        }
    }

    @Test
    void failOpenLetsRequestsThrough() {
        UsageControl control = control(BROKEN, null, keys(), UsageControl.FailPolicy.FAIL_OPEN);
        assertThat(call(control).status()).isEqualTo(200);
        assertThat(control.storeFailures()).isEqualTo(1);
    }

    @Test
    void aFailingKeyStoreOrQuotaStoreFollowsThePolicyToo() {
        ApiKeyRepository brokenKeys = new ApiKeyRepository() {
            @Override
            public Mono<ApiKey> findByValue(String value) {
                return Mono.error(new IllegalStateException("down"));
            }

            @Override
            public Mono<ApiKey> findById(String id) {
                return Mono.error(new IllegalStateException("down"));
            }

            @Override
            public Flux<ApiKey> findAll() {
                return Flux.error(new IllegalStateException("down"));
            }

            @Override
            public Mono<ApiKey> save(ApiKey key) {
                return Mono.error(new IllegalStateException("down"));
            }

            @Override
            public Mono<Boolean> delete(String id) {
                return Mono.error(new IllegalStateException("down"));
            }
        };
        assertThat(call(control(new LocalRateLimiterStore(100), null, brokenKeys, UsageControl.FailPolicy.FAIL_CLOSED))
                .status()).isEqualTo(503);
        QuotaStore brokenQuotas = new QuotaStore() {
            @Override
            public Mono<Long> increment(String key, long periodStartMillis, long periodEndMillis) {
                return Mono.error(new IllegalStateException("down"));
            }

            @Override
            public Mono<Long> get(String key, long periodStartMillis) {
                return Mono.error(new IllegalStateException("down"));
            }
        };
        assertThat(call(control(new LocalRateLimiterStore(100), brokenQuotas, keys(), UsageControl.FailPolicy.FAIL_CLOSED))
                .status()).isEqualTo(503);
        assertThat(call(control(new LocalRateLimiterStore(100), brokenQuotas, keys(), UsageControl.FailPolicy.FAIL_OPEN))
                .status()).isEqualTo(200);
    }
}
