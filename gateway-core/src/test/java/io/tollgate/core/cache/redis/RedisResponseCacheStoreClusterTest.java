package io.tollgate.core.cache.redis;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.cache.CachedResponse;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.testsupport.RedisClusterAvailable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared stage cache on a Redis Cluster: a stage's entries spread over the nodes, a second instance hits them,
 * and a flush (a SCAN of every primary) removes them all and nothing of another stage.
 */
class RedisResponseCacheStoreClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aStageSpreadOverTheClusterIsSharedAndFlushedWhole() {
        RedisClusterAvailable.require();
        RedisClusterClient client = RedisClusterClient.create(RedisClusterAvailable.seeds());
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.enabled()).build());
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try (RedisConnector a = RedisConnector.cluster(client); RedisConnector b = RedisConnector.cluster(client)) {
            RedisResponseCacheStore prod = new RedisResponseCacheStore(a, prefix, "pets", "prod", TIMEOUT);
            RedisResponseCacheStore prodOnB = new RedisResponseCacheStore(b, prefix, "pets", "prod", TIMEOUT);
            RedisResponseCacheStore test = new RedisResponseCacheStore(a, prefix, "pets", "test", TIMEOUT);
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                CachedResponse response = new CachedResponse(200, new DefaultHttpHeaders().set("x-n", i),
                        ("pet " + i).getBytes(StandardCharsets.UTF_8));
                prod.put("GET /pets/" + i, response, Duration.ofMinutes(5)).block(TIMEOUT);
                slots.add(SlotHash.getSlot(prod.redisKey("GET /pets/" + i)));
            }
            test.put("GET /pets/1", new CachedResponse(200, new DefaultHttpHeaders(), new byte[] {1}),
                    Duration.ofMinutes(5)).block(TIMEOUT);
            assertThat(slots).as("the entries spread over the slots").hasSizeGreaterThan(150);
            CachedResponse hit = prodOnB.get("GET /pets/7").block(TIMEOUT);
            assertThat(hit).isNotNull();
            assertThat(new String(hit.body(), StandardCharsets.UTF_8)).isEqualTo("pet 7");
            assertThat(hit.header("x-n")).isEqualTo("7");

            prodOnB.flush().block(Duration.ofSeconds(30));

            for (int i = 0; i < 200; i += 17) {
                assertThat(prod.get("GET /pets/" + i).block(TIMEOUT)).isNull();
            }
            assertThat(test.get("GET /pets/1").block(TIMEOUT)).isNotNull();
            assertThat(dropped).isEmpty();
        } finally {
            Hooks.resetOnErrorDropped();
            try (StatefulRedisClusterConnection<String, String> cleanup = client.connect()) {
                cleanup.sync().keys(prefix + "*").forEach(k -> cleanup.sync().del(k));
            }
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }
}
