package io.tollgate.core.auth.sigv4;

import static io.tollgate.core.auth.sigv4.SdkSigner.SIGNED_AT;
import static io.tollgate.core.auth.sigv4.SdkSigner.request;
import static io.tollgate.core.auth.sigv4.SdkSigner.sdk;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.addingHeader;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertInvalid;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertMismatch;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertRefused;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertVerified;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.body;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.bytes;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.editingAuthorization;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.editingQuery;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.noBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.unreadBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifier;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifierAt;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withHeader;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withMethod;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withPath;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withQuery;

import io.tollgate.core.api.GatewayResponseType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import software.amazon.awssdk.http.SdkHttpMethod;

/** SDK-signed requests changed after signing, replayed, or signed wrongly are refused with AWS's type and message. */
class SigV4AttackTest {

    private static SignedRequest get(String path) {
        return sdk().sign(request(SdkHttpMethod.GET, path).putHeader("X-Custom", "signed value"));
    }

    @Test
    void aRequestDatedMoreThanFiveMinutesAgoHasExpired() {
        assertInvalid(verifierAt(SIGNED_AT.plusSeconds(301)).verify(get("/p"), noBody()),
                "Signature expired: 20261122T011000Z is now earlier than 20261122T011001Z (20261122T011501Z - 5 min.)");
    }

    @Test
    void aRequestDatedMoreThanFiveMinutesAheadIsNotYetCurrent() {
        assertInvalid(verifierAt(SIGNED_AT.minusSeconds(301)).verify(get("/p"), noBody()),
                "Signature not yet current: 20261122T011000Z is still later than 20261122T010959Z "
                        + "(20261122T010459Z + 5 min.)");
    }

    @Test
    void aPresignedRequestReplayedPastItsExpiryIsRefused() {
        SignedRequest signed = sdk().presigned(Duration.ofSeconds(90)).sign(request(SdkHttpMethod.GET, "/p"));

        assertVerified(verifierAt(SIGNED_AT.plusSeconds(90)).verify(signed, noBody()));
        assertInvalid(verifierAt(SIGNED_AT.plusSeconds(91)).verify(signed, noBody()),
                "Signature expired: 20261122T011000Z is now earlier than 20261122T011001Z (20261122T011131Z - 90 sec.)");
    }

    @Test
    void aPresignedRequestWhoseLifetimeWasStretchedDoesNotMatch() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(1)).sign(request(SdkHttpMethod.GET, "/p"));

        assertMismatch(verifierAt(SIGNED_AT.plusSeconds(61))
                .verify(editingQuery(signed, "X-Amz-Expires=60", "X-Amz-Expires=3600"), noBody()));
    }

    @Test
    void aPresignedRequestDatedAheadIsNotYetCurrent() {
        SignedRequest signed = sdk().presigned(Duration.ofDays(7)).sign(request(SdkHttpMethod.GET, "/p"));

        assertInvalid(verifierAt(SIGNED_AT.minusSeconds(600)).verify(signed, noBody()),
                "Signature not yet current: 20261122T011000Z is still later than 20261122T010500Z "
                        + "(20261122T010000Z + 5 min.)");
    }

    @Test
    void aSignedHeaderChangedOrRepeatedAfterSigningDoesNotMatch() {
        assertMismatch(verifier().verify(withHeader(get("/p"), "X-Custom", "other value"), noBody()));
        assertMismatch(verifier().verify(addingHeader(get("/p"), "X-Custom", "smuggled"), noBody()));
        assertMismatch(verifier().verify(withHeader(get("/p"), "Host", "evil.example.com"), noBody()));
    }

    @Test
    void aRequestWhoseHostIsNotSignedIsRefused() {
        SignedRequest header = editingAuthorization(get("/p"), "SignedHeaders=host;", "SignedHeaders=");
        SignedRequest presigned = editingQuery(sdk().presigned(Duration.ofMinutes(1))
                .sign(request(SdkHttpMethod.GET, "/p")), "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=accept");

        assertInvalid(verifier().verify(header, noBody()), "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        assertInvalid(verifier().verify(presigned, noBody()),
                "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void aBodyThatDoesNotHashToTheSignedSha256IsRefused() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.POST, "/p"), bytes("{\"amount\":1}"));

        assertInvalid(verifier().verify(signed, body("{\"amount\":1000}")),
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        assertInvalid(verifier().verify(signed, noBody()),
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aSha256HeaderRewrittenToFitAnotherBodyDoesNotMatch() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.POST, "/p"), bytes("{\"amount\":1}"));
        String forged = SigV4Crypto.sha256Hex(bytes("{\"amount\":1000}"));

        assertMismatch(verifier().verify(withHeader(signed, "x-amz-content-sha256", forged), unreadBody()));
        assertMismatch(verifier().verify(withHeader(signed, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), unreadBody()));
    }

    @Test
    void aBodyAlteredWithoutASha256HeaderDoesNotMatch() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(1))
                .sign(request(SdkHttpMethod.POST, "/p"), bytes("{\"amount\":1}"));

        assertMismatch(verifier().verify(signed, body("{\"amount\":1000}")));
        assertMismatch(verifier().verify(signed, noBody()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/prod/a+b", "/prod/a%2520b", "/prod/a b", "/prod/a%20b/", "/prod/a%20B"})
    void aPathEncodedOtherwiseThanSignedDoesNotMatch(String sent) {
        SignedRequest signed = get("/prod/a%20b");

        assertVerified(verifier().verify(signed, noBody()));
        assertMismatch(verifier().verify(withPath(signed, sent), noBody()));
    }

    @Test
    void dotSegmentsAndDuplicateSlashesAreNormalisedAsTheSdksDoBeforeSigning() {
        assertVerified(verifier().verify(withPath(get("/prod/a%20b"), "//prod/x/.././a%20b"), noBody()));
    }

    @Test
    void anEncodedSlashIsNotASlash() {
        assertMismatch(verifier().verify(withPath(get("/prod/a%2Fb"), "/prod/a/b"), noBody()));
    }

    @Test
    void aQueryChangedAfterSigningDoesNotMatchButItsOrderDoesNotMatter() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p")
                .appendRawQueryParameter("limit", "10").appendRawQueryParameter("type", "dog"));

        assertVerified(verifier().verify(withQuery(signed, "type=dog&limit=10"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, "limit=1000&type=dog"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, "limit=10&type=dog&admin=true"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, "limit=10"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, "limit=10&type=dog&type=dog"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, null), noBody()));
    }

    @Test
    void aPresignedQueryChangedAfterSigningDoesNotMatch() {
        SignedRequest signed = sdk().presigned(Duration.ofMinutes(1))
                .sign(request(SdkHttpMethod.GET, "/p").appendRawQueryParameter("limit", "10"));

        assertMismatch(verifier().verify(editingQuery(signed, "limit=10", "limit=1000"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, signed.rawQuery() + "&admin=true"), noBody()));
    }

    @Test
    void anotherMethodDoesNotMatch() {
        assertMismatch(verifier().verify(withMethod(get("/p"), "DELETE"), noBody()));
    }

    @Test
    void aSignatureMadeWithAnotherSecretDoesNotMatch() {
        assertMismatch(verifier().verify(sdk().secret("not-the-secret").sign(request(SdkHttpMethod.GET, "/p")),
                noBody()));
        assertMismatch(verifier().verify(sdk().secret("not-the-secret").presigned(Duration.ofMinutes(1))
                .sign(request(SdkHttpMethod.GET, "/p")), noBody()));
    }

    @Test
    void anUnknownAccessKeyIsAnInvalidSecurityTokenAndTheBodyIsNotRead() {
        SigV4Verifier verifier = verifierAt(SIGNED_AT, new SigV4Credentials("AKIDOTHER", "s", "arn:other", List.of()));

        assertRefused(verifier.verify(get("/p"), unreadBody()), GatewayResponseType.DEFAULT_4XX,
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void aCredentialScopedToAnotherServiceIsRefused() {
        assertInvalid(verifier().verify(sdk().service("lambda").sign(request(SdkHttpMethod.GET, "/p")), noBody()),
                "Credential should be scoped to correct service: 'execute-api'. ");
    }

    @Test
    void aCredentialWithAnotherTerminatorIsRefusedWithEveryScopeFault() {
        SignedRequest signed = sdk().service("lambda").sign(request(SdkHttpMethod.GET, "/p"));

        assertInvalid(verifier().verify(editingAuthorization(signed, "/aws4_request", "/aws5_request"), noBody()),
                "Credential should be scoped to correct service: 'execute-api'. "
                        + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
    }

    @Test
    void aScopeDateOtherThanTheRequestDateIsRefused() {
        Instant beforeMidnight = Instant.parse("2026-11-22T23:58:00Z");
        SigV4Verifier verifier = verifierAt(Instant.parse("2026-11-23T00:00:00Z"));
        SignedRequest header = sdk().at(beforeMidnight).sign(request(SdkHttpMethod.GET, "/p"));
        SignedRequest presigned = sdk().at(beforeMidnight).presigned(Duration.ofMinutes(10))
                .sign(request(SdkHttpMethod.GET, "/p"));
        String message = "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20261122' != '20261123', from '20261123T000100Z'. ";

        assertInvalid(verifier.verify(withHeader(header, "X-Amz-Date", "20261123T000100Z"), noBody()), message);
        assertInvalid(verifier.verify(editingQuery(presigned, "X-Amz-Date=20261122T235800Z",
                "X-Amz-Date=20261123T000100Z"), noBody()), message);
    }

    @Test
    void aSignatureOfTheWrongShapeDoesNotMatch() {
        SignedRequest signed = get("/p");
        String signature = signed.headers().get("Authorization").replaceAll(".*Signature=", "");

        assertVerified(verifier().verify(signed, noBody()));
        for (String forged : List.of(signature.substring(1), signature + "0", signature.toUpperCase(),
                "z".repeat(64), signature.substring(0, 63) + "g")) {
            SignedRequest request = editingAuthorization(signed, "Signature=" + signature, "Signature=" + forged);
            assertMismatch(verifier().verify(request, noBody()));
        }
    }

    @Test
    void aFailingCredentialsProviderIsPassedOn() {
        IllegalStateException outage = new IllegalStateException("credential store down");
        SigV4Verifier verifier = new SigV4Verifier(key -> Mono.error(outage), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

        StepVerifier.create(verifier.verify(get("/p"), noBody())).expectErrorMatches(e -> e == outage).verify(Duration.ofSeconds(10));
    }
}
