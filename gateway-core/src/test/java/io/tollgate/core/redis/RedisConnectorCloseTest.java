package io.tollgate.core.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.testsupport.LeakRecorder;
import io.tollgate.testsupport.RedisAvailable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a connector and then shutting its client down at once (as an application context does when it stops right
 * after startup, while the background connect is still under way) leaves no connection open and no buffer unreleased.
 */
class RedisConnectorCloseTest {

    @BeforeAll
    static void redis() {
        RedisAvailable.require();
    }

    private static RedisURI uri(String name) {
        return RedisURI.builder().withHost(RedisAvailable.HOST).withPort(RedisAvailable.PORT).withClientName(name).build();
    }

    private static String clientList() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri("tollgate-close-probe"))) {
            return connection.sync().clientList();
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeDuringTheConnectThenShutdownLeavesNothingBehind() {
        String name = "tollgate-close-" + UUID.randomUUID();
        for (int i = 0; i < 12; i++) {
            RedisClient client = RedisClient.create();
            RedisConnector connector = new RedisConnector(client, uri(name));
            connector.warmUp();
            connector.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        assertThat(clientList()).doesNotContain(name);
        assertThat(LeakRecorder.collect()).isEmpty();
    }

    @Test
    void closeOfAnOpenConnectionThenShutdownLeavesNothingBehind() {
        String name = "tollgate-close-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            RedisClient client = RedisClient.create();
            RedisConnector connector = new RedisConnector(client, uri(name));
            assertThat(connector.ping(Duration.ofSeconds(5)).block()).isNotNull();
            connector.close();
            assertThat(connector.connected()).isFalse();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        assertThat(clientList()).doesNotContain(name);
        assertThat(LeakRecorder.collect()).isEmpty();
    }
}
