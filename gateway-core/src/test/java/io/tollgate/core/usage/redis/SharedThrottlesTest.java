package io.tollgate.core.usage.redis;

import io.tollgate.core.redis.RedisConnector;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stage, route and account throttles in the shared store: two instances share one limit, where each would have had its
 * own; a shared store that fails follows the fail policy, on to the next check when it is fail-open.
 */
class SharedThrottlesTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static Api api() {
        return Api.builder("shop")
                .route(new RouteSpec("GET /items/{id}", IntegrationSpec.mock(200)))
                .route(new RouteSpec("GET /other", IntegrationSpec.mock(200)))
                .stageThrottle("$default", new Throttle(0.001, 4), Map.of("GET /items/{id}", new Throttle(0.001, 2)))
                .build();
    }

    /** Statuses of {@code paths}, asked of the two instances in turn. */
    private static List<Integer> alternate(GatewayServer a, GatewayServer b, String... paths) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            statuses.add((i % 2 == 0 ? a : b).http().exchange(HttpMethod.GET, paths[i], h -> { }, null).status());
        }
        return statuses;
    }

    private static UsageControl control(RateLimiterStore stages, RateLimiterStore accounts, Throttle account,
                                        UsageControl.FailPolicy policy) {
        return UsageControl.builder().stageLimiter(stages).accountLimiter(accounts).account(account)
                .failPolicy(policy).storeTimeout(TIMEOUT).build();
    }

    @Test
    void twoInstancesShareTheStageRouteAndAccountLimits() {
        String prefix = redis.newPrefix();
        RedisConnector connector = redis.connector();
        RedisRateLimiterStore shared = new RedisRateLimiterStore(connector, prefix, TIMEOUT);
        Throttle unlimited = new Throttle(10_000, 10_000);
        try (GatewayServer a = GatewayServer.start(Gateway.builder().api(api())
                .feature(new UsageFeature(control(shared, shared, unlimited, UsageControl.FailPolicy.FAIL_CLOSED))).build());
             GatewayServer b = GatewayServer.start(Gateway.builder().api(api())
                .feature(new UsageFeature(control(shared, shared, unlimited, UsageControl.FailPolicy.FAIL_CLOSED))).build())) {
            // the route's own bucket (2) across both instances, then the stage's (4) for the other route
            assertThat(alternate(a, b, "/items/1", "/items/2", "/items/3")).containsExactly(200, 200, 429);
            assertThat(alternate(a, b, "/other", "/other", "/other", "/other", "/other"))
                    .containsExactly(200, 200, 200, 200, 429);
            assertThat(redis.keys(prefix)).anySatisfy(key -> assertThat(key).endsWith("{stage:shop:$default:GET /items/%7Bid%7D}"));
        }
        // the account throttle, shared: 3 requests for the fleet
        String accountPrefix = redis.newPrefix();
        RedisRateLimiterStore accounts = new RedisRateLimiterStore(connector, accountPrefix, TIMEOUT);
        Throttle account = new Throttle(0.001, 3);
        try (GatewayServer a = GatewayServer.start(Gateway.builder().api(api())
                .feature(new UsageFeature(control(shared, accounts, account, UsageControl.FailPolicy.FAIL_CLOSED))).build());
             GatewayServer b = GatewayServer.start(Gateway.builder().api(api())
                .feature(new UsageFeature(control(shared, accounts, account, UsageControl.FailPolicy.FAIL_CLOSED))).build())) {
            assertThat(redis.deleteKeys(prefix)).isPositive();
            assertThat(alternate(a, b, "/other", "/other", "/other", "/other")).containsExactly(200, 200, 200, 429);
        }
    }

    @Test
    void aFailingSharedStoreFollowsThePolicy() {
        RateLimiterStore broken = (key, limits) -> Mono.error(new IllegalStateException("down"));
        Throttle account = new Throttle(10_000, 10_000);
        for (UsageControl.FailPolicy policy : UsageControl.FailPolicy.values()) {
            UsageControl control = control(broken, broken, account, policy);
            try (GatewayServer server = GatewayServer.start(Gateway.builder().api(api())
                    .feature(new UsageFeature(control)).build())) {
                int status = server.http().exchange(HttpMethod.GET, "/items/1", h -> { }, null).status();
                assertThat(status).isEqualTo(policy == UsageControl.FailPolicy.FAIL_OPEN ? 200 : 503);
                // fail-open: the stage's check and the account's each failed, and were each passed
                assertThat(control.storeFailures()).isEqualTo(policy == UsageControl.FailPolicy.FAIL_OPEN ? 2 : 1);
            }
        }
    }
}
