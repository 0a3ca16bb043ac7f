package io.tollgate.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static io.tollgate.testsupport.CannedRedis.bulk;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without the Redis Cluster (or with one that is not ready), the cluster tests fail on CI and are skipped elsewhere. */
class RedisClusterAvailableTest {

    private static final String OK = bulk("cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_known_nodes:6\r\n");
    private static final String FAIL = bulk("cluster_state:fail\r\ncluster_slots_assigned:0\r\ncluster_known_nodes:1\r\n");

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMissingClusterFailsOnCi() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(port), "true"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Redis Cluster is not ready at 127.0.0.1:" + port)
                .hasMessageContaining(".ci/redis-topologies start")
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingClusterSkipsElsewhere() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(port), null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(".ci/redis-topologies start");
        assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(port), "false"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void oneMissingNodeIsAMissingCluster() throws IOException {
        int closed = closedPort();
        try (CannedRedis node = new CannedRedis(OK)) {
            assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(node.port(), closed), "true"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("127.0.0.1:" + closed);
        }
    }

    @Test
    void aClusterThatIsNotOkIsNotReady() throws IOException {
        try (CannedRedis node = new CannedRedis(FAIL)) {
            assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(node.port()), "true"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CLUSTER INFO answered cluster_state:fail");
            assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(node.port()), null))
                    .isInstanceOf(TestAbortedException.class);
        }
    }

    @Test
    void aStandaloneRedisIsNotACluster() throws IOException {
        try (CannedRedis node = new CannedRedis("-ERR This instance has cluster support disabled\r\n")) {
            assertThatThrownBy(() -> RedisClusterAvailable.require("127.0.0.1", List.of(node.port()), "true"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cluster support disabled");
        }
    }

    @Test
    void nodesThatAllSayOkPass() throws IOException {
        try (CannedRedis first = new CannedRedis(OK); CannedRedis second = new CannedRedis(OK)) {
            assertThatCode(() -> RedisClusterAvailable.require("127.0.0.1", List.of(first.port(), second.port()), "true"))
                    .doesNotThrowAnyException();
        }
    }
}
