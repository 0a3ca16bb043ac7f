package io.tollgate.core.websocket.redis;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.sigv4.SigV4Credentials;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.websocket.ConnectionException;
import io.tollgate.core.websocket.ConnectionInfo;
import io.tollgate.core.websocket.ConnectionScope;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawWebSocket;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two gateway instances on one Redis: a connection open on one is sent to, described and closed through the other
 * (its {@link io.tollgate.core.websocket.WebSocketConnections} and its {@code @connections} API, called by the AWS
 * SDK), and the registry's keys live and die with the connections; a dead or silent owner, and a Redis that is down,
 * end the operation (GONE, or UNAVAILABLE: 503), never hang it.
 */
class RedisConnectionDirectoryTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String KEY = "AKIDDIRECTORY";
    private static final String SECRET = "directory-secret";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<RedisConnectionDirectory> directories = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = redis.newPrefix();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** One instance: its directory, its feature and its gateway, on the test Redis under this test's prefix. */
    private record Instance(RedisConnectionDirectory directory, WebSocketApiFeature feature, GatewayServer server) {
    }

    private Instance instance() {
        RedisConnectionDirectory directory = directory(redis.connector(), Duration.ofSeconds(30));
        WebSocketApiFeature feature = new WebSocketApiFeature(directory);
        SigV4Credentials backend = new SigV4Credentials(KEY, SECRET, "arn:aws:iam::000000000000:user/backend", List.of());
        GatewayServer server = GatewayServer.start(Gateway.builder().api(chat())
                .feature(new AuthorizerFeature(null, key -> Mono.justOrEmpty(KEY.equals(key) ? backend : null)))
                .feature(feature).build());
        closing.add(server);
        return new Instance(directory, feature, server);
    }

    private RedisConnectionDirectory directory(io.tollgate.core.redis.RedisConnector connector, Duration ttl) {
        RedisConnectionDirectory directory = new RedisConnectionDirectory(connector, prefix, TIMEOUT, ttl);
        closing.add(directory);
        directories.add(directory);
        return directory;
    }

    private static Api chat() {
        return Api.builder("chat").type(ApiType.WEBSOCKET).basePath("/chat").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .route(new RouteSpec("$default", IntegrationSpec.mock(200)))
                .build();
    }

    private static ApiGatewayManagementApiClient sdk(GatewayServer server) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/chat/prod"))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    /** The id of the one connection registered in Redis, once it is. */
    private String registered() {
        return Await.value("a connection registered in Redis", WAIT, () -> redis.keys(prefix + "connection:").stream()
                .findFirst().map(key -> key.substring((prefix + "connection:").length())));
    }

    /** The failures the directories of this test counted. */
    private long unavailable() {
        return directories.stream().mapToLong(RedisConnectionDirectory::failures).sum();
    }

    @Test
    void aConnectionOnOneInstanceIsSentToDescribedAndClosedThroughTheOther() throws Exception {
        Instance a = instance();
        Instance b = instance();
        try (RawWebSocket client = RawWebSocket.connect(a.server().port(), "/chat/prod", "User-Agent: chatter/1\r\n")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            // registered before the client got its 101: any instance can reach it from then on
            assertThat(redis.keys(prefix + "connection:")).hasSize(1);
            String id = registered();
            assertThat(redis.redis().get(prefix + "connection:" + id)).isEqualTo(a.directory().instanceId());

            b.feature().connections().send(id, "{\"from\":\"b\"}".getBytes(StandardCharsets.UTF_8)).block(WAIT);
            assertThat(client.read().text()).isEqualTo("{\"from\":\"b\"}");
            // its instance is remembered: the next send does not read the registry (a broadcast's sends skip it)
            redis.redis().del(prefix + "connection:" + id);
            b.feature().connections().send(id, "again".getBytes(StandardCharsets.UTF_8)).block(WAIT);
            assertThat(client.read().text()).isEqualTo("again");
            a.directory().refresh().get(); // and its instance writes its key again
            byte[] binary = {0, (byte) 0xff, 1};
            b.feature().connections().send(id, binary).block(WAIT);
            RawWebSocket.Frame frame = client.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(frame.payload()).containsExactly(binary);

            ConnectionInfo info = b.feature().connections().get(id).block(WAIT);
            assertThat(info).isNotNull();
            assertThat(info.connectionId()).isEqualTo(id);
            assertThat(info.api()).isEqualTo("chat");
            assertThat(info.stage()).isEqualTo("prod");
            assertThat(info.userAgent()).isEqualTo("chatter/1");
            assertThat(info.sourceIp()).isEqualTo("127.0.0.1");

            b.feature().connections().close(id).block(WAIT);
            RawWebSocket.Frame close = client.read();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            Await.until("the connection's key deleted", WAIT, () -> redis.keys(prefix + "connection:").isEmpty());
            assertThatThrownBy(() -> b.feature().connections().send(id, new byte[] {1}).block(WAIT))
                    .isInstanceOfSatisfying(ConnectionException.class,
                            e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));
        }
        assertThat(unavailable()).isZero();
    }

    @Test
    void theAwsSdkReachesAConnectionOfAnotherInstanceThroughItsConnectionsApi() throws Exception {
        Instance a = instance();
        Instance b = instance();
        try (RawWebSocket client = RawWebSocket.connect(a.server().port(), "/chat/prod", "User-Agent: chatter/2\r\n");
             ApiGatewayManagementApiClient viaB = sdk(b.server())) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            String id = registered();

            viaB.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("pushed through b")));
            assertThat(client.read().text()).isEqualTo("pushed through b");

            GetConnectionResponse info = viaB.getConnection(r -> r.connectionId(id));
            assertThat(info.identity().userAgent()).isEqualTo("chatter/2");
            assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());

            // the owner's limits answer across instances: 128 KB is the API's message size
            byte[] tooLarge = new byte[128 * 1024 + 1];
            assertThatThrownBy(() -> b.feature().connections().send(id, tooLarge).block(WAIT))
                    .isInstanceOfSatisfying(ConnectionException.class,
                            e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PAYLOAD_TOO_LARGE));

            viaB.deleteConnection(r -> r.connectionId(id));
            assertThat(client.read().closeCode()).isEqualTo(1000);
            Await.until("the connection's key deleted", WAIT, () -> redis.keys(prefix + "connection:").isEmpty());
            assertThatThrownBy(() -> viaB.getConnection(r -> r.connectionId(id)))
                    .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
        }
    }

    @Test
    void theConnectionsApiOfAnotherStageFindsItGone() throws Exception {
        Instance a = instance();
        Instance b = instance();
        try (RawWebSocket client = RawWebSocket.connect(a.server().port(), "/chat/prod", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            String id = registered();
            assertThatThrownBy(() -> b.directory().send(new ConnectionScope("chat", "dev"), id, new byte[] {1}).block(WAIT))
                    .isInstanceOfSatisfying(ConnectionException.class,
                            e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));
        }
    }

    @Test
    void aKeyWhoseOwnerListensNoMoreIsGoneAndDeleted() {
        Instance b = instance();
        redis.redis().set(prefix + "connection:ghost-connection", "dead-instance");
        Await.until("b subscribed", WAIT, () -> redis.redis().pubsubNumsub(prefix + "instance:" + b.directory().instanceId())
                .values().stream().anyMatch(n -> n > 0));
        assertThatThrownBy(() -> b.feature().connections().send("ghost-connection", new byte[] {1}).block(WAIT))
                .isInstanceOfSatisfying(ConnectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));
        Await.until("the stale key deleted", WAIT, () -> redis.redis().exists(prefix + "connection:ghost-connection") == 0);
        assertThat(unavailable()).isZero();
    }

    @Test
    void anOwnerThatDoesNotAnswerIsUnavailableAfterTheTimeoutAndCounted() {
        Instance b = instance();
        StatefulRedisPubSubConnection<String, String> silent = redis.client().connectPubSub(TestRedis.uri(6379));
        closing.add(silent::close);
        silent.sync().subscribe(prefix + "instance:silent-instance");
        redis.redis().set(prefix + "connection:held-elsewhere", "silent-instance");

        long start = System.nanoTime();
        assertThatThrownBy(() -> b.feature().connections().send("held-elsewhere", new byte[] {1}).block(WAIT))
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNAVAILABLE);
                    assertThat(e.reason().status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("did not answer within 500 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(unavailable()).isEqualTo(1);
        // and the @connections API answers it 503, as the SDK sees it
        try (ApiGatewayManagementApiClient viaB = sdk(b.server())) {
            assertThatThrownBy(() -> viaB.postToConnection(r -> r.connectionId("held-elsewhere")
                    .data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(ApiGatewayManagementApiException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
                    });
        }
        assertThat(unavailable()).isEqualTo(2);
    }

    @Test
    void aRedisThatIsDownFailsOperationsOnOtherInstancesConnectionsAtOnceAndCountsThem() throws Exception {
        int closedPort;
        try (java.net.ServerSocket unused = new java.net.ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }
        RedisConnectionDirectory down = directory(redis.connector(closedPort), Duration.ofSeconds(30));
        WebSocketApiFeature feature = new WebSocketApiFeature(down);
        GatewayServer server = GatewayServer.start(Gateway.builder().api(chat()).feature(feature).build());
        closing.add(server);
        // connections are still taken and served on the instance itself
        try (RawWebSocket client = RawWebSocket.connect(server.port(), "/chat/prod", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            client.send(RawWebSocket.FIN | RawWebSocket.PING, new byte[] {7});
            assertThat(client.read().opcode()).isEqualTo(RawWebSocket.PONG);
            // its key cannot be written: the refresh says so (and the next one tries again)
            assertThatThrownBy(() -> down.refresh().get()).hasCauseInstanceOf(Exception.class);
        }
        assertThatThrownBy(() -> feature.connections().send("somewhere-else", new byte[] {1}).block(WAIT))
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("the connection registry (Redis) cannot be reached");
                });
        assertThat(unavailable()).isEqualTo(1);
    }

    @Test
    void keysLiveForTheTtlAreWrittenAgainByTheOwnerAndDeletedWhenItCloses() throws Exception {
        RedisConnectionDirectory directory = directory(redis.connector(), Duration.ofSeconds(3));
        WebSocketApiFeature feature = new WebSocketApiFeature(directory);
        GatewayServer server = GatewayServer.start(Gateway.builder().api(chat()).feature(feature).build());
        closing.add(server);
        try (RawWebSocket client = RawWebSocket.connect(server.port(), "/chat/prod", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            String id = registered();
            String key = prefix + "connection:" + id;
            assertThat(redis.redis().pttl(key)).isBetween(1L, 3_000L);

            // lost (a flushed Redis, say): the owner writes it again at its next refresh
            redis.redis().del(key);
            directory.refresh().get();
            assertThat(redis.redis().get(key)).isEqualTo(directory.instanceId());
            assertThat(redis.redis().pttl(key)).isBetween(1L, 3_000L);

            directory.close();
            assertThat(redis.redis().exists(key)).isZero();
        }
    }

    @Test
    void messagesThatAreNotTheDirectorysAreDropped() {
        assertThat(DirectoryMessage.read(new byte[0])).isNull();
        assertThat(DirectoryMessage.read("hello".getBytes(StandardCharsets.UTF_8))).isNull();
        byte[] request = DirectoryMessage.request(DirectoryMessage.SEND, "r1", "channel", "c1", ConnectionScope.ANY,
                new byte[] {1, 2, 3});
        assertThat(DirectoryMessage.read(request)).isInstanceOfSatisfying(DirectoryMessage.Request.class, read -> {
            assertThat(read.connectionId()).isEqualTo("c1");
            assertThat(read.data()).containsExactly(1, 2, 3);
            assertThat(read.scope()).isEqualTo(ConnectionScope.ANY);
        });
        for (int cut = 0; cut < request.length; cut++) {
            assertThat(DirectoryMessage.read(java.util.Arrays.copyOf(request, cut))).as("cut at %d", cut).isNull();
        }
        byte[] reply = DirectoryMessage.reply("r1", ConnectionException.Reason.GONE, "gone", null);
        assertThat(DirectoryMessage.read(reply)).isEqualTo(new DirectoryMessage.Reply("r1",
                ConnectionException.Reason.GONE, "gone", null));
    }
}
