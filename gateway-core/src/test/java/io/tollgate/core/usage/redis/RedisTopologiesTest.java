package io.tollgate.core.usage.redis;

import io.tollgate.core.redis.RedisConnector;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.Metered;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.core.usage.UsageReport;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.RedisClusterAvailable;
import io.tollgate.testsupport.RedisSentinelAvailable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis stores on a Redis Cluster and on a Sentinel-monitored primary (the topologies {@code .ci/redis-topologies}
 * starts): a plan's check (bucket and quota in one script) for keys spread over every slot range, API keys (their
 * scripts in the {@code {apikeys}} slot), exact counts across two connections; and a Sentinel failover that the
 * stores follow.
 */
class RedisTopologiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final String prefix = "tollgate-test:" + UUID.randomUUID() + ":";

    /** Every store on {@code connector}, checked as the usage stage does, then cleaned up. */
    private void storesWork(RedisConnector connector, RedisConnector other) {
        RedisRateLimiterStore buckets = new RedisRateLimiterStore(connector, prefix, TIMEOUT);
        RedisQuotaStore quotas = new RedisQuotaStore(connector, prefix, TIMEOUT);
        RedisRateLimiterStore otherBuckets = new RedisRateLimiterStore(other, prefix, TIMEOUT);
        RedisQuotaStore otherQuotas = new RedisQuotaStore(other, prefix, TIMEOUT);
        long start = System.currentTimeMillis();
        long end = start + 86_400_000L;
        Throttle limits = new Throttle(0.001, 5);
        Set<Integer> slots = new HashSet<>();
        for (int k = 0; k < 30; k++) {
            String id = "key-" + k;
            String bucket = "{" + id + "}plan:gold:";
            String counter = UsageReport.counter("gold", id);
            slots.add(SlotHash.getSlot(buckets.redisKey(bucket, limits)));
            // two instances, eight checks in all, concurrently: exactly the burst of five is taken and counted
            List<Metered> results = Flux.range(0, 8)
                    .flatMap(i -> (i % 2 == 0 ? buckets : otherBuckets).tryConsumeAndCount(bucket, limits,
                            i % 2 == 0 ? quotas : otherQuotas, counter, start, end))
                    .collectList().block(Duration.ofSeconds(10));
            assertThat(results).filteredOn(m -> m.throttle().allowed()).hasSize(5)
                    .extracting(Metered::count).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            assertThat(quotas.get(counter, start).block(TIMEOUT)).isEqualTo(5);
        }
        assertThat(slots).as("the keys spread over the slots").hasSizeGreaterThan(20);

        RedisApiKeyRepository keys = new RedisApiKeyRepository(connector, prefix, TIMEOUT);
        ApiKey key = new ApiKey("k1", "k1", "v".repeat(24), true, Set.of("gold"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(keys.save(key).block(TIMEOUT)).isEqualTo(key);
        assertThat(new RedisApiKeyRepository(other, prefix, TIMEOUT).findByValue("v".repeat(24)).block(TIMEOUT))
                .isEqualTo(key);
        assertThat(keys.delete("k1").block(TIMEOUT)).isTrue();
    }

    @Test
    void onARedisClusterEveryStoreKeepsItsScriptsInOneSlot() {
        RedisClusterAvailable.require();
        RedisClusterClient client = RedisClusterClient.create(RedisClusterAvailable.seeds());
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
                ClusterTopologyRefreshOptions.enabled()).build());
        try (RedisConnector connector = RedisConnector.cluster(client); RedisConnector other = RedisConnector.cluster(client)) {
            storesWork(connector, other);
        } finally {
            try (StatefulRedisClusterConnection<String, String> cleanup = client.connect()) {
                cleanup.sync().keys(prefix + "*").forEach(k -> cleanup.sync().del(k));
            }
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    @Test
    void throughTheSentinelsTheStoresFollowAFailover() {
        RedisSentinelAvailable.require();
        RedisClient client = RedisClient.create();
        try (RedisConnector connector = RedisConnector.of(() -> client, RedisSentinelAvailable.uri());
             RedisConnector other = RedisConnector.of(() -> client, RedisSentinelAvailable.uri())) {
            storesWork(connector, other);

            // the sentinels promote the replica; checks go on, on the new primary, once the stores see it
            try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(RedisURI.create(
                    "redis://" + RedisSentinelAvailable.HOST + ":" + RedisSentinelAvailable.SENTINEL_PORTS.get(0)))) {
                InetSocketAddress before = (InetSocketAddress) sentinel.sync()
                        .getMasterAddrByName(RedisSentinelAvailable.MASTER);
                RedisSentinelAvailable.failover(client, sentinel, before);
                InetSocketAddress after = (InetSocketAddress) sentinel.sync().getMasterAddrByName(RedisSentinelAvailable.MASTER);
                RedisRateLimiterStore buckets = new RedisRateLimiterStore(connector, prefix, TIMEOUT);
                Throttle limits = new Throttle(0.001, 1_000);
                try (StatefulRedisConnection<String, String> primary = client.connect(
                        RedisURI.create("redis://" + after.getHostString() + ":" + after.getPort()))) {
                    assertThat(primary.sync().role().get(0)).isEqualTo("master");
                    // a check may still land on the old primary while it steps down (and be lost): until one is kept
                    Await.until("checks are kept by the promoted primary", Duration.ofSeconds(30), () -> {
                        ThrottleResult result = buckets.tryConsume("after-failover", limits)
                                .onErrorResume(error -> Mono.empty()).block(TIMEOUT);
                        return result != null && result.allowed()
                                && primary.sync().exists(buckets.redisKey("after-failover", limits)) == 1;
                    });
                }
            }
        } finally {
            try (StatefulRedisConnection<String, String> cleanup = client.connect(RedisSentinelAvailable.uri())) {
                cleanup.sync().keys(prefix + "*").forEach(k -> cleanup.sync().del(k));
            }
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }
}
