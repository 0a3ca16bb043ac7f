package io.tollgate.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test Redis Sentinel setup ({@link RedisSentinelAvailable}) serves a Lettuce client given the sentinels' URI:
 * it reaches the primary the sentinels name, whose writes its replica receives; the keys are deleted after.
 */
class RedisSentinelSmokeTest {

    @Test
    void keysAreWrittenAndReadOnThePrimaryTheSentinelsNameAndReachItsReplica() {
        RedisSentinelAvailable.require();
        RedisClient client = RedisClient.create();
        try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(RedisSentinelAvailable.uri());
             StatefulRedisConnection<String, String> connection = client.connect(RedisSentinelAvailable.uri())) {
            InetSocketAddress primary = (InetSocketAddress) sentinel.sync().getMasterAddrByName(RedisSentinelAvailable.MASTER);
            assertThat(RedisSentinelAvailable.DATA_PORTS).contains(primary.getPort());
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.role().get(0)).isEqualTo("master");
            assertThat(redis.info("server")).contains("tcp_port:" + primary.getPort() + "\r\n");

            List<Map<String, String>> replicas = sentinel.sync().replicas(RedisSentinelAvailable.MASTER);
            assertThat(replicas).hasSize(1);
            int replicaPort = Integer.parseInt(replicas.get(0).get("port"));
            assertThat(RedisSentinelAvailable.DATA_PORTS).contains(replicaPort);
            assertThat(replicaPort).isNotEqualTo(primary.getPort());

            String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                keys.add(prefix + i);
            }
            try (StatefulRedisConnection<String, String> replica = client.connect(RedisURI.builder()
                    .withHost(RedisSentinelAvailable.HOST).withPort(replicaPort).withTimeout(Duration.ofSeconds(5)).build())) {
                try {
                    for (String key : keys) {
                        assertThat(redis.set(key, "value of " + key)).isEqualTo("OK");
                    }
                    for (String key : keys) {
                        assertThat(redis.get(key)).isEqualTo("value of " + key);
                    }
                    // WAIT: the replica acknowledged every write so far
                    assertThat(redis.waitForReplication(1, 5_000)).isEqualTo(1L);
                    for (String key : keys) {
                        assertThat(replica.sync().get(key)).as(key + " on the replica").isEqualTo("value of " + key);
                    }
                } finally {
                    redis.del(keys.toArray(String[]::new));
                }
                assertThat(redis.exists(keys.toArray(String[]::new))).isZero();
                assertThat(redis.waitForReplication(1, 5_000)).isEqualTo(1L);
                assertThat(replica.sync().exists(keys.toArray(String[]::new))).isZero();
            }
        } finally {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }
}
