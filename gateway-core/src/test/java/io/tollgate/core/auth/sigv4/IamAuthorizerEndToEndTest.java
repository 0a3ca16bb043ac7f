package io.tollgate.core.auth.sigv4;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.MutableClock;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code AWS_IAM} routes end to end: requests signed by the AWS SDK's signer, sent to a real gateway. */
class IamAuthorizerEndToEndTest {

    private static final MutableClock NOW = new MutableClock(SdkSigner.SIGNED_AT);
    private static final AtomicReference<Map<?, ?>> LAST_EVENT = new AtomicReference<>();
    private static final SigV4Credentials BOB = new SigV4Credentials("AKIDBOB", "bob-secret",
            "arn:aws:iam::123456789012:user/bob", List.of("arn:aws:execute-api:*:*:iam/*/GET/pets/*"));

    private static GatewayServer server;

    @BeforeAll
    static void start() {
        GatewayFunction echo = (event, context) -> {
            LAST_EVENT.set((Map<?, ?>) event);
            Object body = ((Map<?, ?>) event).get("body");
            return Mono.just(Map.of("statusCode", 200, "body", body == null ? "" : body));
        };
        Api http = Api.builder("iam").basePath("/iam")
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.function("echo")).authorizationType("AWS_IAM"))
                .route(new RouteSpec("POST /pets", IntegrationSpec.function("echo")).authorizationType("AWS_IAM"))
                .build();
        Api rest = Api.builder("rest").type(ApiType.REST).basePath("/rest")
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.function("echo")).authorizationType("AWS_IAM"))
                .build();
        Map<String, SigV4Credentials> known = Map.of(SdkSigner.ACCESS_KEY, new SigV4Credentials(SdkSigner.ACCESS_KEY,
                SdkSigner.SECRET, "arn:aws:iam::000000000000:user/alice", List.of()), BOB.accessKeyId(), BOB);
        Gateway gateway = Gateway.builder().api(http).api(rest).clock(NOW)
                .feature(new AuthorizerFeature(null, key -> Mono.justOrEmpty(known.get(key))))
                .feature(new FunctionFeature(name -> Optional.of(echo))).build();
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clockAtSigningTime() {
        NOW.set(SdkSigner.SIGNED_AT.plusSeconds(30));
    }

    private static SdkHttpRequest.Builder request(SdkHttpMethod method, String path) {
        return SdkHttpRequest.builder().method(method).protocol("http").host("127.0.0.1").port(server.port())
                .encodedPath(path);
    }

    private static TestHttp.Response send(SignedRequest signed, String body) {
        String uri = signed.rawPath() + (signed.rawQuery() == null ? "" : "?" + signed.rawQuery());
        return server.http().exchange(HttpMethod.valueOf(signed.method()), uri, headers -> signed.headers().forEach(
                header -> headers.add(header.getKey(), header.getValue())), body == null ? null : TestHttp.text(body));
    }

    @Test
    void aSignedRequestReachesTheIntegrationWithTheCallersIdentity() {
        TestHttp.Response response = send(SdkSigner.sdk().sign(request(SdkHttpMethod.GET, "/iam/pets/7")), null);
        assertThat(response.status()).isEqualTo(200);
        Map<?, ?> iam = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) LAST_EVENT.get().get("requestContext")).get("authorizer")).get("iam");
        assertThat(iam.get("accessKey")).isEqualTo(SdkSigner.ACCESS_KEY);
        assertThat(iam.get("userArn")).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(iam.get("accountId")).isEqualTo("000000000000");

        assertThat(send(SdkSigner.sdk().sign(request(SdkHttpMethod.GET, "/rest/pets/7")), null).status()).isEqualTo(200);
        Map<?, ?> identity = (Map<?, ?>) ((Map<?, ?>) LAST_EVENT.get().get("requestContext")).get("identity");
        assertThat(identity.get("accessKey")).isEqualTo(SdkSigner.ACCESS_KEY);
        assertThat(identity.get("userArn")).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(identity.get("user")).isEqualTo("user/alice");
    }

    @Test
    void aSignedBodyIsCheckedAndStillForwardedIntact() {
        String body = "{\"name\":\"rex\"}";
        SignedRequest signed = SdkSigner.sdk().sign(request(SdkHttpMethod.POST, "/iam/pets")
                .putHeader("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        TestHttp.Response response = send(signed, body);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        TestHttp.Response altered = send(signed, body.replace("rex", "max"));
        assertThat(altered.status()).isEqualTo(403);
        assertThat(altered.body()).contains("x-amz-content-sha256").contains("does not match");
    }

    @Test
    void unsignedStaleAndUnknownRequestsAreRefusedAsAws() {
        TestHttp.Response unsigned = server.http().get("/rest/pets/7");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(unsigned.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");

        SignedRequest signed = SdkSigner.sdk().sign(request(SdkHttpMethod.GET, "/rest/pets/7"));
        NOW.set(SdkSigner.SIGNED_AT.plus(Duration.ofMinutes(6)));
        TestHttp.Response stale = send(signed, null);
        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.body()).contains("Signature expired: 20261122T011000Z is now earlier than");
        NOW.set(SdkSigner.SIGNED_AT);

        TestHttp.Response stranger = send(SdkSigner.sdk().secret("x").sign(request(SdkHttpMethod.GET, "/rest/pets/7")
                .putHeader("x-probe", "1")), null);
        assertThat(stranger.status()).isEqualTo(403);
        TestHttp.Response unknown = send(new SdkSigner().sign(request(SdkHttpMethod.GET, "/rest/pets/7")), null);
        assertThat(unknown.status()).isEqualTo(200);
    }

    @Test
    void presignedUrlsWorkUntilTheyExpire() {
        SignedRequest presigned = SdkSigner.sdk().presigned(Duration.ofMinutes(2)).sign(request(SdkHttpMethod.GET, "/iam/pets/3"));
        assertThat(presigned.rawQuery()).contains("X-Amz-Signature=");
        assertThat(send(presigned, null).status()).isEqualTo(200);
        NOW.set(SdkSigner.SIGNED_AT.plus(Duration.ofMinutes(3)));
        TestHttp.Response replayed = send(presigned, null);
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(replayed.body()).contains("Signature expired");
    }

    @Test
    void aPrincipalIsLimitedToItsAllowedResources() {
        SdkSigner bob = SdkSigner.sdk();
        bob.identity(BOB.accessKeyId(), BOB.secretKey());
        assertThat(send(bob.sign(request(SdkHttpMethod.GET, "/iam/pets/1")), null).status()).isEqualTo(200);
        TestHttp.Response refused = send(bob.sign(request(SdkHttpMethod.POST, "/iam/pets")), "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"User: arn:aws:iam::123456789012:user/bob is not authorized to"
                + " perform: execute-api:Invoke on resource: arn:aws:execute-api:local:000000000000:iam/$default/POST/pets\"}");
    }
}
