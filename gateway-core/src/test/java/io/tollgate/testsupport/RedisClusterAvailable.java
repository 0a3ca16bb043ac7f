package io.tollgate.testsupport;

import io.lettuce.core.RedisURI;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Whether the test Redis Cluster is up: six nodes on 127.0.0.1:30001-30006 (three primaries with a replica each),
 * every one answering {@code CLUSTER INFO} with {@code cluster_state:ok}. {@code .ci/redis-topologies start} starts
 * it; .ci/run does so on CI. Without it, the cluster tests fail on CI ({@code CI=true}, where a missing cluster is a
 * broken build) and are skipped elsewhere.
 */
public final class RedisClusterAvailable {

    public static final String HOST = RedisAvailable.HOST;
    /** The ports of the cluster's nodes: any of them is a seed a client can discover the cluster from. */
    public static final List<Integer> SEED_PORTS = List.of(30001, 30002, 30003, 30004, 30005, 30006);

    private RedisClusterAvailable() {
    }

    /** Returns when every node says {@code cluster_state:ok}; otherwise fails (CI) or aborts the test. */
    public static void require() {
        require(HOST, SEED_PORTS, System.getenv("CI"));
    }

    /** {@link #require()} for a cluster whose nodes are on {@code host} at {@code ports}, {@code ci} being {@code CI}. */
    static void require(String host, List<Integer> ports, String ci) {
        for (int port : ports) {
            String problem;
            IOException cause = null;
            try {
                Object info = RespProbe.call(host, port, "CLUSTER", "INFO");
                if (info instanceof String text && text.lines().anyMatch("cluster_state:ok"::equals)) {
                    continue;
                }
                problem = "CLUSTER INFO answered " + clusterState(info);
            } catch (IOException e) {
                problem = String.valueOf(e.getMessage());
                cause = e;
            }
            RedisAvailable.unavailable("Redis Cluster is not ready at " + host + ":" + port + " (" + problem
                    + "); start it with .ci/redis-topologies start", "Redis Cluster tests", ci, cause);
            return;
        }
    }

    /** The seed nodes, for {@code RedisClusterClient.create(seeds())}. */
    public static List<RedisURI> seeds() {
        return SEED_PORTS.stream()
                .map(port -> RedisURI.builder().withHost(HOST).withPort(port).withTimeout(Duration.ofSeconds(5)).build())
                .toList();
    }

    private static String clusterState(Object reply) {
        if (reply instanceof String text) {
            return text.lines().filter(line -> line.startsWith("cluster_state:")).findFirst()
                    .orElse(text.length() > 80 ? text.substring(0, 80) + "..." : text);
        }
        return String.valueOf(reply);
    }
}
