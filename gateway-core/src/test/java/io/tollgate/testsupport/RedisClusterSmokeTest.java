package io.tollgate.testsupport;

import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test Redis Cluster ({@link RedisClusterAvailable}) serves a Lettuce cluster client: keys in the slots of every
 * primary are written, read back (through the client, and on the node that owns each) and deleted.
 */
class RedisClusterSmokeTest {

    @Test
    void keysInTheSlotsOfEveryPrimaryAreWrittenReadAndDeleted() {
        RedisClusterAvailable.require();
        RedisClusterClient client = RedisClusterClient.create(RedisClusterAvailable.seeds());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            writeReadAndDelete(connection);
        } finally {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    private static void writeReadAndDelete(StatefulRedisClusterConnection<String, String> connection) {
        Partitions partitions = connection.getPartitions();
        Set<String> primaries = partitions.stream()
                .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                .map(RedisClusterNode::getNodeId)
                .collect(Collectors.toSet());
        assertThat(primaries).hasSize(3);
        assertThat(partitions.size()).isEqualTo(RedisClusterAvailable.SEED_PORTS.size());

        // keys of this run only, until each primary owns at least two of them
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> keysByPrimary = new LinkedHashMap<>();
        for (int i = 0; keysByPrimary.size() < primaries.size()
                || keysByPrimary.values().stream().anyMatch(keys -> keys.size() < 2); i++) {
            assertThat(i).as("keys tried to reach every primary").isLessThan(10_000);
            String key = prefix + i;
            String owner = partitions.getPartitionBySlot(SlotHash.getSlot(key)).getNodeId();
            keysByPrimary.computeIfAbsent(owner, o -> new ArrayList<>()).add(key);
            values.put(key, "value " + i);
        }
        String[] keys = values.keySet().toArray(String[]::new);

        RedisAdvancedClusterCommands<String, String> redis = connection.sync();
        try {
            values.forEach((key, value) -> assertThat(redis.set(key, value)).isEqualTo("OK"));
            assertThat(values.keySet().stream().map(SlotHash::getSlot).distinct().count()).isGreaterThanOrEqualTo(3);
            values.forEach((key, value) -> assertThat(redis.get(key)).as(key).isEqualTo(value));
            // one command over keys of several slots: Lettuce splits it by slot, node by node
            assertThat(redis.mget(keys)).extracting(KeyValue::getValue).containsExactlyElementsOf(values.values());
            keysByPrimary.forEach((nodeId, owned) -> {
                assertThat(primaries).contains(nodeId);
                for (String key : owned) {
                    assertThat(connection.getConnection(nodeId).sync().get(key)).as(key + " on its primary").isEqualTo(values.get(key));
                }
            });
        } finally {
            redis.del(keys);
        }
        assertThat(redis.exists(keys)).isZero();
    }
}
