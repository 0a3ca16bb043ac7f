package io.tollgate.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Whether the test Redis Sentinel setup is up: three sentinels on 127.0.0.1:26379-26381 watching master
 * {@code tollgate}, a primary and its replica on 26390 and 26391 (which is which changes with a failover: ask the
 * sentinels). {@code .ci/redis-topologies start} starts it; .ci/run does so on CI. Without it, the sentinel tests
 * fail on CI ({@code CI=true}, where a missing setup is a broken build) and are skipped elsewhere.
 */
public final class RedisSentinelAvailable {

    public static final String HOST = RedisAvailable.HOST;
    /** The sentinels' ports. */
    public static final List<Integer> SENTINEL_PORTS = List.of(26379, 26380, 26381);
    /** The master name the sentinels watch. */
    public static final String MASTER = "tollgate";
    /** The ports of the data nodes: the primary's and its replica's when started (a failover swaps them). */
    public static final List<Integer> DATA_PORTS = List.of(26390, 26391);

    private RedisSentinelAvailable() {
    }

    /**
     * Returns when every sentinel names the primary of {@link #MASTER} and that primary answers as one; otherwise
     * fails (CI) or aborts the test.
     */
    public static void require() {
        require(HOST, SENTINEL_PORTS, MASTER, System.getenv("CI"));
    }

    /** {@link #require()} for sentinels on {@code host} at {@code ports} watching {@code master}, {@code ci} being {@code CI}. */
    static void require(String host, List<Integer> ports, String master, String ci) {
        String at = host + ":" + ports.get(0);
        String problem = null;
        Exception cause = null;
        try {
            for (int port : ports) {
                at = host + ":" + port;
                Object addr = RespProbe.call(host, port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", master);
                if (!(addr instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String primaryHost
                        && pair.get(1) instanceof String primaryPort)) {
                    problem = "no primary for master " + master + ": " + addr;
                    break;
                }
                at = primaryHost + ":" + primaryPort + ", named by the sentinel on " + host + ":" + port;
                Object role = RespProbe.call(primaryHost, Integer.parseInt(primaryPort), "ROLE");
                if (!(role instanceof List<?> parts && !parts.isEmpty() && "master".equals(parts.get(0)))) {
                    problem = "ROLE answered " + role + ", not master";
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            problem = String.valueOf(e.getMessage());
            cause = e;
        }
        if (problem != null) {
            RedisAvailable.unavailable("Redis Sentinel is not ready at " + at + " (" + problem
                    + "); start it with .ci/redis-topologies start", "Redis Sentinel tests", ci, cause);
        }
    }

    /** The URI a client reaches the primary by, through the sentinels (five-second timeouts). */
    public static RedisURI uri() {
        RedisURI.Builder builder = RedisURI.Builder.sentinel(HOST, SENTINEL_PORTS.get(0), MASTER);
        SENTINEL_PORTS.stream().skip(1).forEach(port -> builder.withSentinel(HOST, port));
        return builder.withTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Has the sentinels promote the replica of the primary at {@code before}, once every sentinel sees that replica
     * as a replica in sync with it (a sentinel that has not looked at the replica since an earlier failover, which
     * they do every ten seconds, still takes it for the primary it was, and would demote it again as soon as it is
     * promoted); returns when the sentinels name another primary.
     */
    public static void failover(RedisClient client,
                                StatefulRedisSentinelConnection<String, String> sentinel,
                                InetSocketAddress before) {
        for (int port : SENTINEL_PORTS) {
            try (StatefulRedisSentinelConnection<String, String> each =
                         client.connectSentinel(RedisURI.create("redis://" + HOST + ":" + port))) {
                Await.until("the sentinel on " + port + " to see the replica of " + before + " in sync",
                        Duration.ofSeconds(30), () -> each.sync().replicas(MASTER).stream()
                                .anyMatch(replica -> "slave".equals(replica.get("flags"))
                                        && "slave".equals(replica.get("role-reported"))
                                        && "ok".equals(replica.get("master-link-status"))
                                        && before.getHostString().equals(replica.get("master-host"))
                                        && String.valueOf(before.getPort()).equals(replica.get("master-port"))));
            }
        }
        if (!"OK".equals(sentinel.sync().failover(MASTER))) {
            throw new AssertionError("the sentinels refused the failover");
        }
        Await.until("the sentinels name another primary", Duration.ofSeconds(30),
                () -> !before.equals(sentinel.sync().getMasterAddrByName(MASTER)));
    }
}
