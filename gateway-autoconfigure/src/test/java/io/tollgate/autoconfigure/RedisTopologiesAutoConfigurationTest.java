package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.testsupport.RedisClusterAvailable;
import io.tollgate.testsupport.RedisSentinelAvailable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis usage store on a Redis Cluster or a Sentinel-monitored primary of its own (no Spring Data Redis):
 * {@code tollgate.usage.redis-cluster-nodes}, a {@code redis-sentinel://} URL; mistakes named by their property.
 */
class RedisTopologiesAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateUsageAutoConfiguration.class))
            .withPropertyValues("tollgate.usage.store=redis",
                    "tollgate.usage.redis-prefix=tollgate-test:" + UUID.randomUUID() + ":");

    private static void checksWork(RateLimiterStore buckets) {
        for (int k = 0; k < 20; k++) {
            ThrottleResult result = buckets.tryConsume("{key-" + k + "}plan:gold:", new Throttle(1, 2))
                    .block(Duration.ofSeconds(10));
            assertThat(result.allowed()).isTrue();
            assertThat(result.remaining()).isEqualTo(1);
        }
    }

    @Test
    void clusterNodesGiveAClusterClientOfItsOwn() {
        RedisClusterAvailable.require();
        String nodes = RedisClusterAvailable.SEED_PORTS.stream().limit(3)
                .map(port -> RedisClusterAvailable.HOST + ":" + port).collect(Collectors.joining(","));
        runner.withPropertyValues("tollgate.usage.redis-cluster-nodes=" + nodes).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(RedisClusterClient.class).doesNotHaveBean(RedisClient.class);
            assertThat(context).hasSingleBean(RedisConnector.class);
            checksWork(context.getBean(RateLimiterStore.class));
        });
    }

    @Test
    void aSentinelUrlFollowsThePrimaryTheSentinelsName() {
        RedisSentinelAvailable.require();
        String sentinels = RedisSentinelAvailable.SENTINEL_PORTS.stream()
                .map(port -> RedisSentinelAvailable.HOST + ":" + port).collect(Collectors.joining(","));
        runner.withPropertyValues("tollgate.usage.redis-url=redis-sentinel://" + sentinels + "#"
                + RedisSentinelAvailable.MASTER).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(RedisClient.class);
            checksWork(context.getBean(RateLimiterStore.class));
        });
    }

    @Test
    void theConnectionOpensAtStartupBeforeAnyRequest() {
        io.tollgate.testsupport.RedisAvailable.require();
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            RedisConnector connector = context.getBean(RedisConnector.class);
            io.tollgate.testsupport.Await.until("the connection opened by itself", connector::connected);
        });
        // nothing there: startup goes on, the connect fails in the background
        runner.withPropertyValues("tollgate.usage.redis-url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RedisConnector.class).connected()).isFalse();
        });
    }

    @Test
    void mistakesAreNamedByTheirProperty() {
        runner.withPropertyValues("tollgate.usage.redis-cluster-nodes[0]=127.0.0.1:30001",
                "tollgate.usage.redis-cluster-nodes[1]=redis://:not a port").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.usage.redis-cluster-nodes[1]");
        });
        runner.withPropertyValues("tollgate.usage.redis-prefix=tollgate:{all}:").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.usage.redis-prefix")
                    .hasMessageContaining("must not contain '{' or '}'");
        });
        runner.withPropertyValues("tollgate.usage.redis-url=redis://127.0.0.1:99999").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tollgate.usage.redis-url");
        });
    }
}
