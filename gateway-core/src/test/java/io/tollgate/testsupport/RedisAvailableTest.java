package io.tollgate.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without Redis, the Redis tests fail on CI and are skipped elsewhere. */
class RedisAvailableTest {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMissingRedisFailsOnCi() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisAvailable.require("127.0.0.1", port, "true"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Redis is not reachable at 127.0.0.1:" + port)
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingRedisSkipsElsewhere() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> RedisAvailable.require("127.0.0.1", port, null))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> RedisAvailable.require("127.0.0.1", port, "false"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aListeningRedisPortPasses() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatCode(() -> RedisAvailable.require("127.0.0.1", listening.getLocalPort(), "true"))
                    .doesNotThrowAnyException();
        }
    }
}
