package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.testsupport.RedisAvailable;
import io.tollgate.testsupport.RedisClusterAvailable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis usage store on the application's Spring Data Redis connection factory: its client and its Redis (database,
 * client name), no second Lettuce client; {@code tollgate.usage.redis-url} or no Spring Data Redis gives the store a
 * client of its own; a Spring Data Redis Cluster is used through its cluster client.
 */
class DataRedisConnectionTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TollgateAutoConfiguration.class,
                    TollgateUsageAutoConfiguration.class))
            .withPropertyValues("tollgate.usage.store=redis");

    @Test
    void usesTheApplicationsConnectionFactory() {
        RedisAvailable.require();
        String name = "tollgate-data-redis-" + UUID.randomUUID();
        runner.withPropertyValues("spring.data.redis.host=" + RedisAvailable.HOST,
                "spring.data.redis.port=" + RedisAvailable.PORT, "spring.data.redis.database=5",
                "spring.data.redis.client-name=" + name, "spring.data.redis.timeout=750ms",
                "tollgate.usage.redis-prefix=tollgate-test:" + UUID.randomUUID() + ":").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("tollgateRedisClient");
            assertThat(context.getBeansOfType(RedisClient.class)).isEmpty();
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            RedisURI uri = DataRedisConnections.uri(factory);
            assertThat(uri.getHost()).isEqualTo(RedisAvailable.HOST);
            assertThat(uri.getPort()).isEqualTo(RedisAvailable.PORT);
            assertThat(uri.getDatabase()).isEqualTo(5);
            assertThat(uri.getClientName()).isEqualTo(name);
            assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(750));
            assertThat(context).hasSingleBean(RedisConnector.class);

            // a real check through the store, then Redis itself says who connected: our connection, named as the
            // application's, on the application's database
            ThrottleResult result = context.getBean(RateLimiterStore.class).tryConsume("k", new Throttle(1, 2))
                    .block(Duration.ofSeconds(10));
            assertThat(result.allowed()).isTrue();
            assertThat(clientList()).anySatisfy(line -> assertThat(line).contains("name=" + name).contains("db=5"));
        });
    }

    @Test
    void anExplicitRedisUrlGetsItsOwnClient() {
        runner.withPropertyValues("spring.data.redis.database=5", "tollgate.usage.redis-url=redis://127.0.0.1:6379/2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("tollgateRedisClient");
                    assertThat(context).hasSingleBean(LettuceConnectionFactory.class);
                });
    }

    @Test
    void withoutSpringDataRedisTheStoreHasItsOwnClient() {
        runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean("tollgateRedisClient");
            assertThat(context).hasSingleBean(RedisConnector.class);
        });
    }

    @Test
    void aSpringDataRedisClusterIsUsedThroughItsClusterClient() {
        RedisClusterAvailable.require();
        String nodes = String.join(",", RedisClusterAvailable.SEED_PORTS.stream()
                .map(port -> RedisClusterAvailable.HOST + ":" + port).toList());
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        runner.withPropertyValues("spring.data.redis.cluster.nodes=" + nodes, "tollgate.usage.redis-prefix=" + prefix)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("tollgateRedisClient");
                    assertThat(context).hasSingleBean(RedisConnector.class);
                    // keys of many slots, each check one script on the node owning its key
                    RateLimiterStore buckets = context.getBean(RateLimiterStore.class);
                    for (int k = 0; k < 20; k++) {
                        ThrottleResult result = buckets.tryConsume("{key-" + k + "}plan:gold:", new Throttle(1, 2))
                                .block(Duration.ofSeconds(10));
                        assertThat(result.allowed()).isTrue();
                        assertThat(result.remaining()).isEqualTo(1);
                    }
                });
    }

    private static java.util.List<String> clientList() {
        RedisClient client = RedisClient.create(RedisURI.create(RedisAvailable.HOST, RedisAvailable.PORT));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return java.util.List.of(connection.sync().clientList().split("\n"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
