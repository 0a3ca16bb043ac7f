package io.tollgate.testsupport;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static io.tollgate.testsupport.CannedRedis.bulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without the Redis Sentinel setup (or with one that names no primary), its tests fail on CI and are skipped elsewhere. */
class RedisSentinelAvailableTest {

    private static final String PRIMARY_ROLE = "*3\r\n" + bulk("master") + ":0\r\n*0\r\n";
    private static final String REPLICA_ROLE = "*5\r\n" + bulk("slave") + bulk("127.0.0.1") + ":26390\r\n"
            + bulk("connected") + ":0\r\n";

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A sentinel's reply naming the primary at 127.0.0.1:{@code port}. */
    private static String naming(int port) {
        return "*2\r\n" + bulk("127.0.0.1") + bulk(String.valueOf(port));
    }

    @Test
    void missingSentinelsFailOnCi() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(port), "tollgate", "true"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Redis Sentinel is not ready at 127.0.0.1:" + port)
                .hasMessageContaining(".ci/redis-topologies start")
                .hasMessageContaining("CI=true");
    }

    @Test
    void missingSentinelsSkipElsewhere() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(port), "tollgate", null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(".ci/redis-topologies start");
        assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(port), "tollgate", "false"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aSentinelThatKnowsNoSuchMasterIsNotReady() throws IOException {
        try (CannedRedis sentinel = new CannedRedis("*-1\r\n")) {
            assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(sentinel.port()), "tollgate", "true"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no primary for master tollgate");
        }
    }

    @Test
    void aNamedPrimaryThatIsDownOrNoPrimaryIsNotReady() throws IOException {
        int closed = closedPort();
        try (CannedRedis sentinel = new CannedRedis(naming(closed))) {
            assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(sentinel.port()), "tollgate", null))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("127.0.0.1:" + closed + ", named by the sentinel");
        }
        try (CannedRedis replica = new CannedRedis(REPLICA_ROLE)) {
            try (CannedRedis sentinel = new CannedRedis(naming(replica.port()))) {
                assertThatThrownBy(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(sentinel.port()), "tollgate", "true"))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("not master");
            }
        }
    }

    @Test
    void sentinelsNamingALivePrimaryPass() throws IOException {
        try (CannedRedis primary = new CannedRedis(PRIMARY_ROLE)) {
            try (CannedRedis first = new CannedRedis(naming(primary.port()));
                 CannedRedis second = new CannedRedis(naming(primary.port()))) {
                assertThatCode(() -> RedisSentinelAvailable.require("127.0.0.1", List.of(first.port(), second.port()), "tollgate", "true"))
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void theUriGoesThroughEverySentinelToTheMaster() {
        RedisURI uri = RedisSentinelAvailable.uri();
        assertThat(uri.getSentinelMasterId()).isEqualTo("tollgate");
        assertThat(uri.getSentinels()).extracting(s -> s.getHost() + ":" + s.getPort())
                .containsExactly("127.0.0.1:26379", "127.0.0.1:26380", "127.0.0.1:26381");
    }
}
