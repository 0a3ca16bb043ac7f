package io.tollgate.core.websocket;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.sigv4.SigV4Credentials;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawWebSocket;
import io.tollgate.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorizers on a WebSocket API's {@code $connect}, end to end over real sockets: a JWT authorizer (beyond AWS, as on
 * HTTP APIs) and IAM (a SigV4-presigned connection URL, as AWS's clients sign one, signed here by the AWS SDK's own
 * signer). What each found (the token's claims, the caller's ARN) reaches every later message of the connection.
 */
class WebSocketConnectAuthorizationTest {

    private static final String KEY = "AKIDWEBSOCKET";
    private static final String SECRET = "websocket-secret";
    private static final String ARN = "arn:aws:iam::000000000000:user/chatter";

    private static TestIssuer issuer;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer();
        Api jwt = Api.builder("jwtchat").type(ApiType.WEBSOCKET).basePath("/jwtchat").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .authorizer(new AuthorizerSpec("users", "JWT").issuer(issuer.issuer()).jwkSetUri(issuer.jwkSetUri())
                        .audiences(List.of("chat")))
                .route(new RouteSpec("$connect", IntegrationSpec.mock(200)).authorizer("users"))
                .route(new RouteSpec("$default", IntegrationSpec.mock(200).integrationResponse(IntegrationResponseSpec
                        .status(200).responseTemplate("application/json", "$context.authorizer.claims.sub")))
                        .routeResponseSelectionExpression("$default"))
                .build();
        Api iam = Api.builder("iamchat").type(ApiType.WEBSOCKET).basePath("/iamchat").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .route(new RouteSpec("$connect", IntegrationSpec.mock(200)).authorizationType("AWS_IAM"))
                .route(new RouteSpec("$default", IntegrationSpec.mock(200).integrationResponse(IntegrationResponseSpec
                        .status(200).responseTemplate("application/json", "$context.identity.userArn")))
                        .routeResponseSelectionExpression("$default"))
                .build();
        SigV4Credentials chatter = new SigV4Credentials(KEY, SECRET, ARN, List.of());
        gateway = GatewayServer.start(Gateway.builder().api(jwt).api(iam)
                .feature(new AuthorizerFeature(null, key -> Mono.justOrEmpty(KEY.equals(key) ? chatter : null)))
                .build());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        issuer.close();
    }

    private static String echoed(RawWebSocket socket) throws Exception {
        socket.send(RawWebSocket.FIN | RawWebSocket.TEXT, "{\"action\":\"who\"}".getBytes(StandardCharsets.UTF_8));
        return socket.read().text();
    }

    @Test
    void aJwtOnConnectOpensTheConnectionAndItsClaimsReachEveryMessage() throws Exception {
        String token = issuer.token("chat", claims -> claims.subject("user-42"));
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/jwtchat/prod",
                "Authorization: Bearer " + token + "\r\n")) {
            assertThat(socket.head()).startsWith("HTTP/1.1 101");
            assertThat(echoed(socket)).isEqualTo("user-42");
            assertThat(echoed(socket)).isEqualTo("user-42");
        }
        try (RawWebSocket none = RawWebSocket.connect(gateway.port(), "/jwtchat/prod", "")) {
            assertThat(none.head()).startsWith("HTTP/1.1 401");
        }
        String otherAudience = issuer.token("billing", claims -> claims.subject("user-42"));
        try (RawWebSocket wrong = RawWebSocket.connect(gateway.port(), "/jwtchat/prod",
                "Authorization: Bearer " + otherAudience + "\r\n")) {
            assertThat(wrong.head()).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aSigV4PresignedConnectionUrlOpensTheConnectionAsItsCaller() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), presigned("/iamchat/prod", SECRET), "")) {
            assertThat(socket.head()).startsWith("HTTP/1.1 101");
            assertThat(echoed(socket)).isEqualTo(ARN);
        }
        try (RawWebSocket unsigned = RawWebSocket.connect(gateway.port(), "/iamchat/prod", "")) {
            assertThat(unsigned.head()).startsWith("HTTP/1.1 403");
        }
        try (RawWebSocket forged = RawWebSocket.connect(gateway.port(), presigned("/iamchat/prod", "not-the-secret"), "")) {
            assertThat(forged.head()).startsWith("HTTP/1.1 403");
        }
    }

    /** {@code path} with SigV4 query parameters (for {@code execute-api}), signed by the AWS SDK's signer with {@code secret}. */
    private static String presigned(String path, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http").host("127.0.0.1")
                .encodedPath(path).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(KEY, secret))
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                .build()).request();
        return signed.encodedPath() + "?" + signed.encodedQueryParameters().orElseThrow();
    }
}
