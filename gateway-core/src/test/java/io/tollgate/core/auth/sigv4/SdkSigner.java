package io.tollgate.core.auth.sigv4;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs requests with the AWS SDK's own SigV4 signer and hands them over as the verifier receives them. */
final class SdkSigner {

    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String HOST = "abc123.execute-api.us-east-1.amazonaws.com";
    static final Instant SIGNED_AT = Instant.parse("2026-11-22T01:10:00Z");

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    static {
        // The SDK's signer logs every canonical request at DEBUG; the tests' output has no use for them.
        ((Logger) LoggerFactory.getLogger("software.amazon.awssdk")).setLevel(Level.INFO);
    }

    private AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(ACCESS_KEY, SECRET);
    private Instant at = SIGNED_AT;
    private String service = "execute-api";
    private String region = "us-east-1";
    private Duration expires;
    private boolean unsignedPayload;

    static SdkSigner sdk() {
        return new SdkSigner();
    }

    /** An HTTPS request to the test host; {@code encodedPath} and the query go on the wire as given. */
    static SdkHttpRequest.Builder request(SdkHttpMethod method, String encodedPath) {
        return SdkHttpRequest.builder().method(method).protocol("https").host(HOST).encodedPath(encodedPath);
    }

    SdkSigner sessionToken(String token) {
        identity = AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET, token);
        return this;
    }

    SdkSigner identity(String accessKey, String secret) {
        identity = AwsCredentialsIdentity.create(accessKey, secret);
        return this;
    }

    SdkSigner secret(String secret) {
        identity = AwsCredentialsIdentity.create(ACCESS_KEY, secret);
        return this;
    }

    SdkSigner at(Instant instant) {
        at = instant;
        return this;
    }

    SdkSigner service(String name) {
        service = name;
        return this;
    }

    SdkSigner region(String name) {
        region = name;
        return this;
    }

    /** Presigned (query parameters) with this lifetime. */
    SdkSigner presigned(Duration lifetime) {
        expires = lifetime;
        return this;
    }

    /** Payload signing off: the SDK signs {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}. */
    SdkSigner unsignedPayload() {
        unsignedPayload = true;
        return this;
    }

    SignedRequest sign(SdkHttpRequest.Builder request) {
        return sign(request, null);
    }

    SignedRequest sign(SdkHttpRequest.Builder request, byte[] body) {
        SignRequest.Builder<AwsCredentialsIdentity> sign = SignRequest.builder(identity)
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
        if (body != null) {
            sign.payload(() -> new ByteArrayInputStream(body));
        }
        if (expires != null) {
            sign.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires);
        }
        if (unsignedPayload) {
            sign.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
        }
        return received(SIGNER.sign(sign.build()).request());
    }

    /**
     * The signed SDK request as the gateway receives it: raw path, raw query, and the headers as Netty's decoder hands
     * them over (values without the white space around them).
     */
    static SignedRequest received(SdkHttpRequest signed) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            for (String value : header.getValue()) {
                headers.add(header.getKey(), value.strip());
            }
        }
        return new SignedRequest(signed.method().name(), signed.encodedPath(),
                signed.encodedQueryParameters().orElse(null), headers);
    }
}
