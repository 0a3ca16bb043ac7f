package io.tollgate.core.websocket.redis;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.websocket.ConnectionException;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawWebSocket;
import io.tollgate.testsupport.RedisClusterAvailable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection directory on a real Redis Cluster (six local nodes, started by {@code .ci/redis-topologies}): two
 * instances, each with a client of its own, so their pub/sub connections may sit on different nodes (a {@code PUBLISH}
 * reaches the subscribers of every node); a send, a close and a gone connection across them; and an owner that does
 * not listen ends with the timeout's 503 (on a Cluster, {@code PUBLISH} counts one node's listeners only, so its 0
 * proves nothing).
 */
class RedisConnectionDirectoryClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aConnectionOfOneInstanceIsReachedFromAnotherThroughTheCluster() throws Exception {
        RedisClusterAvailable.require();
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        List<AutoCloseable> closing = new ArrayList<>();
        List<RedisClusterClient> clients = new ArrayList<>();
        try {
            WebSocketApiFeature[] features = new WebSocketApiFeature[2];
            GatewayServer[] servers = new GatewayServer[2];
            for (int i = 0; i < 2; i++) {
                RedisClusterClient client = RedisClusterClient.create(RedisClusterAvailable.seeds());
                client.setOptions(ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.enabled()).build());
                clients.add(client);
                RedisConnector connector = RedisConnector.cluster(client);
                closing.add(connector);
                RedisConnectionDirectory directory = new RedisConnectionDirectory(connector, prefix,
                        Duration.ofMillis(500), Duration.ofSeconds(30));
                closing.add(directory);
                features[i] = new WebSocketApiFeature(directory);
                servers[i] = GatewayServer.start(Gateway.builder().api(Api.builder("chat").type(ApiType.WEBSOCKET)
                        .basePath("/chat").stage("prod", Map.of()).routeSelectionExpression("$request.body.action")
                        .route(new RouteSpec("$default", IntegrationSpec.mock(200))).build())
                        .feature(features[i]).build());
                closing.add(servers[i]);
            }
            try (StatefulRedisClusterConnection<String, String> look = clients.get(0).connect();
                 RawWebSocket socket = RawWebSocket.connect(servers[0].port(), "/chat/prod", "")) {
                assertThat(socket.head()).startsWith("HTTP/1.1 101");
                String id = Await.value("the connection in the registry", WAIT, () -> look.sync()
                        .keys(prefix + "connection:*").stream().findFirst()
                        .map(key -> key.substring((prefix + "connection:").length())));

                features[1].connections().send(id, "across the cluster".getBytes(StandardCharsets.UTF_8)).block(WAIT);
                assertThat(socket.read().text()).isEqualTo("across the cluster");
                assertThat(features[1].connections().get(id).block(WAIT)).isNotNull();
                features[1].connections().close(id).block(WAIT);
                assertThat(socket.read().closeCode()).isEqualTo(1000);
                Await.until("its key deleted", WAIT, () -> look.sync().exists(prefix + "connection:" + id) == 0);
                assertThatThrownBy(() -> features[1].connections().send(id, new byte[] {1}).block(WAIT))
                        .isInstanceOfSatisfying(ConnectionException.class,
                                e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));

                look.sync().set(prefix + "connection:ghost", "no-such-instance");
                assertThatThrownBy(() -> features[1].connections().send("ghost", new byte[] {1}).block(WAIT))
                        .isInstanceOfSatisfying(ConnectionException.class,
                                e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNAVAILABLE));
                look.sync().del(prefix + "connection:ghost");
            }
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                closing.get(i).close();
            }
            for (RedisClusterClient client : clients) {
                client.shutdown(0, 5, TimeUnit.SECONDS);
            }
        }
    }
}
