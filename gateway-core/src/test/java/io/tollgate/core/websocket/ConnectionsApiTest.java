package io.tollgate.core.websocket;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.sigv4.SigV4Credentials;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WebSocket API stage's {@code @connections} API, called by the AWS SDK's own {@code ApiGatewayManagementApiClient}
 * (SigV4-signed for {@code execute-api}) as a backend calls AWS's: post, get, delete, and AWS's errors.
 */
class ConnectionsApiTest {

    private static final String KEY = "AKIDCONNECTIONS";
    private static final String SECRET = "connections-secret";
    private static final WebSocketApiFeature feature = new WebSocketApiFeature();
    private static GatewayServer gateway;
    private static GatewayServer unsigned;
    private static GatewayServer bare;

    @BeforeAll
    static void start() {
        Map<String, SigV4Credentials> known = Map.of(KEY, new SigV4Credentials(KEY, SECRET,
                "arn:aws:iam::000000000000:user/backend", List.of()),
                "AKIDOTHER", new SigV4Credentials("AKIDOTHER", "other-secret", "arn:aws:iam::000000000000:user/other",
                        List.of("arn:aws:execute-api:*:*:chat/prod/GET/@connections/*")));
        gateway = GatewayServer.start(Gateway.builder().api(chat())
                .feature(new AuthorizerFeature(null, key -> Mono.justOrEmpty(known.get(key))))
                .feature(feature).build());
        // a gateway without IAM credentials: its @connections API lets nobody in
        unsigned = GatewayServer.start(Gateway.builder().api(chat()).feature(new WebSocketApiFeature()).build());
        // and one without authorizers at all: no step checks signatures, the API itself still refuses
        bare = GatewayServer.start(Gateway.builder().api(chat()).without(AuthorizerFeature.class)
                .feature(new WebSocketApiFeature()).build());
    }

    private static Api chat() {
        return Api.builder("chat").type(ApiType.WEBSOCKET).basePath("/chat").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .route(new RouteSpec("$default", IntegrationSpec.mock(200)))
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        unsigned.close();
        bare.close();
    }

    private static ApiGatewayManagementApiClient client(String key, String secret) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + gateway.port() + "/chat/prod"))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The ids of the connections open now. */
    private static Set<String> open() {
        return Set.copyOf(((LocalConnections) feature.connections()).ids());
    }

    /** The id of the connection opened since {@code before}, once it is open. */
    private static String opened(Set<String> before) {
        return Await.value("the new connection", Duration.ofSeconds(10), () -> open().stream()
                .filter(id -> !before.contains(id)).findFirst());
    }

    @Test
    void theAwsSdkPostsToGetsAndDeletesAConnection() throws Exception {
        Set<String> before = open();
        try (ApiGatewayManagementApiClient client = client(KEY, SECRET);
             RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "User-Agent: tester/2\r\n")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            String id = opened(before);
            Instant since = Instant.now().minusSeconds(5);

            client.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"hello\":\"from the SDK\"}")));
            RawWebSocket.Frame frame = raw.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(frame.text()).isEqualTo("{\"hello\":\"from the SDK\"}");

            GetConnectionResponse info = client.getConnection(r -> r.connectionId(id));
            assertThat(info.connectedAt()).isAfter(since);
            assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());
            assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(info.identity().userAgent()).isEqualTo("tester/2");

            client.deleteConnection(r -> r.connectionId(id));
            RawWebSocket.Frame close = raw.read();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);

            assertThatThrownBy(() -> client.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
        }
    }

    @Test
    void aMessageOverTheSizeIsPayloadTooLargeAndAnUnknownConnectionIsGone() throws Exception {
        Set<String> before = open();
        try (ApiGatewayManagementApiClient client = client(KEY, SECRET);
             RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            String id = opened(before);
            assertThatThrownBy(() -> client.postToConnection(r -> r.connectionId(id)
                    .data(SdkBytes.fromByteArray(new byte[128 * 1024 + 1]))))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.statusCode()).isEqualTo(413));
            assertThatThrownBy(() -> client.getConnection(r -> r.connectionId("Nope0000000000=")))
                    .isInstanceOf(GoneException.class);
            // the connection was not touched by either
            client.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("still here")));
            assertThat(raw.read().text()).isEqualTo("still here");
        }
    }

    @Test
    void wrongCredentialsAndResourcesTheyDoNotCoverAreRefused() throws Exception {
        Set<String> before = open();
        try (ApiGatewayManagementApiClient wrong = client(KEY, "not-the-secret");
             ApiGatewayManagementApiClient other = client("AKIDOTHER", "other-secret");
             RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            String id = opened(before);
            assertThatThrownBy(() -> wrong.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(ApiGatewayManagementApiException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
            // "other" may GET connections, not POST to them
            assertThat(other.getConnection(r -> r.connectionId(id)).identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThatThrownBy(() -> other.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(ApiGatewayManagementApiException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void unsignedRequestsAndAGatewayWithoutIamCredentialsLetNobodyIn() throws Exception {
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("POST /chat/prod/@connections/abc%3D HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 403");
        }
        try (RawClient raw = new RawClient(unsigned.port())) {
            raw.send("GET /chat/prod/%40connections/abc%3D HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 403");
        }
        try (RawClient raw = new RawClient(bare.port())) {
            raw.send("DELETE /chat/prod/@connections/abc%3D HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 403");
        }
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("PUT /chat/prod/@connections/abc%3D HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 403").contains("Forbidden");
        }
    }
}
