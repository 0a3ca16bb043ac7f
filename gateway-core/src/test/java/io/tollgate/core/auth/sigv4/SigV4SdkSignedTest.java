package io.tollgate.core.auth.sigv4;

import static io.tollgate.core.auth.sigv4.SdkSigner.SIGNED_AT;
import static io.tollgate.core.auth.sigv4.SdkSigner.request;
import static io.tollgate.core.auth.sigv4.SdkSigner.sdk;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.addingHeader;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertVerified;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.body;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.bytes;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.counted;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.noBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.unreadBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifier;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Requests signed by the AWS SDK's own signer (http-auth-aws) verify, in both forms. */
class SigV4SdkSignedTest {

    @Test
    void aHeaderSignedRequestVerifiesAndNamesItsSigner() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/prod/pets"));

        assertThat(signed.headers().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/");
        assertThat(SigV4Verifier.isSigned(signed)).isTrue();
        SigV4Result result = assertVerified(verifier().verify(signed, noBody()));
        assertThat(result.credentials().principalArn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(result.signedAt()).isEqualTo(SIGNED_AT);
        assertThat(result.region()).isEqualTo("us-east-1");
        assertThat(result.service()).isEqualTo("execute-api");
    }

    @Test
    void aPresignedRequestVerifiesWithinItsLifetime() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(10)).sign(request(SdkHttpMethod.GET, "/prod/pets"));

        assertThat(signed.headers().get("Authorization")).isNull();
        assertThat(signed.rawQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Expires=600");
        assertThat(SigV4Verifier.isSigned(signed)).isTrue();
        assertVerified(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(9))).verify(signed, noBody()));
        assertVerified(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(10))).verify(signed, noBody()));
    }

    @Test
    void theHeaderFormVerifiesAtTheEdgesOfTheSkew() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/prod/pets"));

        assertVerified(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5))).verify(signed, noBody()));
        assertVerified(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(5))).verify(signed, noBody()));
    }

    @Test
    void aBodyIsCheckedAgainstItsSignedSha256Header() {
        String json = "{\"name\":\"Rex\",\"kind\":\"dog\"}";
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.POST, "/prod/pets")
                .putHeader("Content-Type", "application/json"), bytes(json));
        AtomicInteger reads = new AtomicInteger();

        assertThat(signed.headers().get("x-amz-content-sha256")).isEqualTo(SigV4Crypto.sha256Hex(bytes(json)));
        assertVerified(verifier().verify(signed, counted(json, reads)));
        assertThat(reads).hasValue(1);
    }

    @Test
    void anUnsignedPayloadIsNeverRead() {
        SignedRequest signed = sdk().unsignedPayload().sign(request(SdkHttpMethod.PUT, "/prod/pets/1"), bytes("{}"));

        assertThat(signed.headers().get("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertVerified(verifier().verify(signed, unreadBody()));
    }

    @Test
    void aPresignedRequestWithAnUnsignedPayloadNeverReadsTheBody() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(1)).unsignedPayload()
                .sign(request(SdkHttpMethod.PUT, "/prod/upload"), bytes("large"));

        assertThat(signed.rawQuery()).contains("X-Amz-SignedHeaders=host&");
        assertThat(signed.headers().get("x-amz-content-sha256")).isNull();
        assertVerified(verifier().verify(signed, unreadBody()));
        assertVerified(verifier().verify(signed, body("anything else")));
    }

    @Test
    void aPresignedRequestSignsTheHashOfItsBody() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(1))
                .sign(request(SdkHttpMethod.POST, "/prod/pets"), bytes("{\"a\":1}"));

        AtomicInteger reads = new AtomicInteger();

        assertThat(signed.headers().get("x-amz-content-sha256")).isNull();
        assertVerified(verifier().verify(signed, counted("{\"a\":1}", reads)));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aSecurityTokenIsSignedInBothForms() {
        SignedRequest header = sdk().sessionToken("FwoGZXIvYXdzEJr//token==").sign(request(SdkHttpMethod.GET, "/p"));
        SignedRequest presigned = sdk().sessionToken("FwoGZXIvYXdzEJr//token==").presigned(Duration.ofMinutes(5))
                .sign(request(SdkHttpMethod.GET, "/p"));

        assertThat(header.headers().get("Authorization")).contains("x-amz-security-token");
        assertThat(presigned.rawQuery()).contains("X-Amz-Security-Token=FwoGZXIvYXdzEJr%2F%2Ftoken%3D%3D");
        assertVerified(verifier().verify(header, noBody()));
        assertVerified(verifier().verify(presigned, noBody()));
    }

    static Stream<Arguments> awkwardRequests() {
        return Stream.of(
                Arguments.of("/prod/a%20b", List.of()),
                Arguments.of("/prod/a%2Fb/c", List.of()),
                Arguments.of("/prod/%E2%9C%93/%C3%A9t%C3%A9", List.of()),
                Arguments.of("/prod/x+y", List.of()),
                Arguments.of("/prod/it's(1)*!$&,;=:@", List.of()),
                Arguments.of("/prod/a/./b/../c//d", List.of()),
                Arguments.of("/prod/trailing/", List.of()),
                Arguments.of("/", List.of()),
                Arguments.of("/prod/q", List.of("b", "2", "b", "1", "a", "")),
                Arguments.of("/prod/q", List.of("sp", "a b+c", "plus", "+", "slash", "x/y")),
                Arguments.of("/prod/q", List.of("✓", "é", "k", "%41", "tilde", "a~b")),
                Arguments.of("/prod/a%20b", List.of("empty", "", "empty", "", "z", "last")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("awkwardRequests")
    void awkwardPathsAndQueriesVerifyInBothForms(String encodedPath, List<String> query) {
        assertVerified(verifier().verify(sdk().sign(withQuery(request(SdkHttpMethod.GET, encodedPath), query)),
                noBody()));
        assertVerified(verifier().verify(sdk().presigned(Duration.ofMinutes(15))
                .sign(withQuery(request(SdkHttpMethod.GET, encodedPath), query)), noBody()));
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndRepeatedHeadersJoined() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/prod/h")
                .putHeader("X-Spaces", "  a   b \t c  ")
                .putHeader("X-Repeated", List.of("one", "  two  ")));

        assertThat(signed.headers().getAll("X-Repeated")).containsExactly("one", "two");
        assertThat(signed.headers().get("X-Spaces")).isEqualTo("a   b \t c");
        assertVerified(verifier().verify(signed, noBody()));
        SignedRequest presigned = sdk().presigned(Duration.ofMinutes(1)).sign(request(SdkHttpMethod.GET, "/prod/h")
                .putHeader("X-Spaces", "  a   b   c  ")
                .putHeader("X-Repeated", List.of("one", "two")));
        assertThat(presigned.rawQuery()).contains("X-Amz-SignedHeaders=host%3Bx-repeated%3Bx-spaces");
        assertVerified(verifier().verify(presigned, noBody()));
    }

    @Test
    void headersAddedAfterSigningAndNotSignedDoNotMatter() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/prod/pets"));

        assertVerified(verifier().verify(addingHeader(signed, "X-Forwarded-For", "203.0.113.9"), noBody()));
    }

    @Test
    void anyRegionIsAccepted() {
        SigV4Result result = assertVerified(verifier().verify(
                sdk().region("eu-central-2").sign(request(SdkHttpMethod.GET, "/prod/pets")), noBody()));

        assertThat(result.region()).isEqualTo("eu-central-2");
    }

    private static SdkHttpRequest.Builder withQuery(SdkHttpRequest.Builder request, List<String> nameValues) {
        for (int i = 0; i < nameValues.size(); i += 2) {
            request.appendRawQueryParameter(nameValues.get(i), nameValues.get(i + 1));
        }
        return request;
    }
}
