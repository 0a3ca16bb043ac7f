package io.tollgate.core.auth.sigv4;

import static io.tollgate.core.auth.sigv4.SdkSigner.request;
import static io.tollgate.core.auth.sigv4.SdkSigner.sdk;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertIncomplete;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertInvalid;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertMismatch;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertRefused;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.editingAuthorization;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.editingQuery;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.noBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.unreadBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifier;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withHeader;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Requests without SigV4, or with SigV4 AWS cannot read, are refused with AWS's messages. */
class SigV4MalformedTest {

    private static final String DATE = "20261122T011000Z";

    private static SignedRequest withAuthorization(String authorization) {
        HttpHeaders headers = SigV4Fixtures.lenientHeaders().add("Host", SdkSigner.HOST).add("X-Amz-Date", DATE);
        if (authorization != null) {
            headers.add("Authorization", authorization);
        }
        return new SignedRequest("GET", "/p", null, headers);
    }

    private static SignedRequest presigned() {
        return sdk().presigned(Duration.ofMinutes(1)).sign(request(SdkHttpMethod.GET, "/p"));
    }

    @Test
    void aRequestWithoutSigV4MissesItsAuthenticationToken() {
        SignedRequest unsigned = new SignedRequest("GET", "/p", "a=1", new DefaultHttpHeaders().add("Host", "h"));

        assertThat(SigV4Verifier.isSigned(unsigned)).isFalse();
        assertRefused(verifier().verify(unsigned, unreadBody()), GatewayResponseType.MISSING_AUTHENTICATION_TOKEN,
                "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void isSignedLooksForTheAlgorithmInTheHeaderOrTheQuery() {
        assertThat(SigV4Verifier.isSigned(withAuthorization("AWS4-HMAC-SHA256 Credential=a"))).isTrue();
        assertThat(SigV4Verifier.isSigned(withAuthorization("  AWS4-HMAC-SHA256"))).isTrue();
        assertThat(SigV4Verifier.isSigned(withAuthorization("AWS4-HMAC-SHA2567 Credential=a"))).isFalse();
        assertThat(SigV4Verifier.isSigned(withAuthorization("Bearer eyJhbGciOi"))).isFalse();
        assertThat(SigV4Verifier.isSigned(withQuery(withAuthorization(null), "a=1&X-Amz-Algorithm"))).isTrue();
        assertThat(SigV4Verifier.isSigned(withQuery(withAuthorization(null), "x-amz-algorithm=AWS4-HMAC-SHA256")))
                .isFalse();
    }

    @Test
    void bothFormsAtOnceAreRefused() {
        SignedRequest both = withHeader(presigned(), "Authorization", "AWS4-HMAC-SHA256 Credential=x");

        assertInvalid(verifier().verify(both, unreadBody()),
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    }

    @Test
    void aHeaderMissingParametersNamesEachOneAndQuotesTheHeader() {
        String noCredential = "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc";
        String noSignature = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/execute-api/aws4_request,"
                + " SignedHeaders=host;x-amz-date";
        String noSignedHeaders = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/execute-api/aws4_request,"
                + " Signature=abc, SignedHeaders=";

        assertIncomplete(verifier().verify(withAuthorization(noCredential), unreadBody()),
                "Authorization header requires 'Credential' parameter. Authorization=" + noCredential);
        assertIncomplete(verifier().verify(withAuthorization(noSignature), unreadBody()),
                "Authorization header requires 'Signature' parameter. Authorization=" + noSignature);
        assertIncomplete(verifier().verify(withAuthorization(noSignedHeaders), unreadBody()),
                "Authorization header requires 'SignedHeaders' parameter. Authorization=" + noSignedHeaders);
    }

    @Test
    void anotherSchemesTokenWithoutADateIsRefusedAsApiGatewayRefusesIt() {
        SignedRequest jwt = withHeader(withAuthorization("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig"),
                "X-Amz-Date", null);

        assertIncomplete(verifier().verify(jwt, unreadBody()), "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig");
    }

    @Test
    void aSignedRequestWithoutItsDateHeaderIsIncomplete() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p"));
        String authorization = signed.headers().get("Authorization");

        assertIncomplete(verifier().verify(withHeader(signed, "X-Amz-Date", null), unreadBody()),
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="
                        + authorization);
    }

    @Test
    void aPieceWithoutAnEqualSignIsNotAKeyValuePair() {
        String bare = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/execute-api/aws4_request, "
                + "SignedHeaders=host, Signature";
        String doubled = "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/execute-api/"
                + "aws4_request, SignedHeaders=host, Signature=abc";

        assertIncomplete(verifier().verify(withAuthorization(bare), unreadBody()),
                "'Signature' not a valid key=value pair (missing equal-sign) in Authorization header: '" + bare + "'.");
        assertIncomplete(verifier().verify(withAuthorization(doubled), unreadBody()),
                "'AWS4-HMAC-SHA256' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + doubled + "'.");
    }

    @Test
    void anotherAlgorithmIsUnsupported() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p"));
        SignedRequest sha512 = editingAuthorization(signed, "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA512 ");
        SignedRequest sha1 = editingQuery(presigned(), "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1");

        assertIncomplete(verifier().verify(sha512, unreadBody()),
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ");
        assertIncomplete(verifier().verify(sha1, unreadBody()),
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ");
    }

    @Test
    void aCredentialMustHaveFiveElements() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p"));

        assertIncomplete(verifier().verify(editingAuthorization(signed, "/execute-api/aws4_request,", "/execute-api,"),
                unreadBody()), "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/"
                        + "term, got 'AKIDEXAMPLE/20261122/us-east-1/execute-api'");
        assertIncomplete(verifier().verify(editingAuthorization(signed, "/aws4_request,", "/aws4_request/x,"),
                unreadBody()), "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/"
                        + "term, got 'AKIDEXAMPLE/20261122/us-east-1/execute-api/aws4_request/x'");
    }

    @ParameterizedTest
    @CsvSource({"2026-11-22T01:10:00Z", "20261122T011000", "20261131T011000Z", "20261122T251000Z", "''"})
    void aDateNotInIsoBasicFormatIsRefused(String date) {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p"));

        assertIncomplete(verifier().verify(withHeader(signed, "X-Amz-Date", date), unreadBody()),
                "Date must be in ISO-8601 'basic format'. Got '" + date + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void aDateHeaderStandsInForXAmzDate() {
        SignedRequest signed = withHeader(sdk().sign(request(SdkHttpMethod.GET, "/p")), "X-Amz-Date", null);

        assertInvalid(verifier().verify(withHeader(signed, "Date", "Sun, 22 Nov 2026 01:00:00 GMT"), unreadBody()),
                "Signature expired: 20261122T010000Z is now earlier than 20261122T010530Z (20261122T011030Z - 5 min.)");
        assertIncomplete(verifier().verify(withHeader(signed, "Date", "yesterday"), unreadBody()),
                "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601");
        assertMismatch(verifier().verify(withHeader(signed, "Date", "Sun, 22 Nov 2026 01:10:00 GMT"), noBody()));
    }

    @Test
    void aPresignedRequestMissingParametersNamesEachOne() {
        SignedRequest signed = presigned();
        String withoutCredential = signed.rawQuery().replaceAll("X-Amz-Credential=[^&]*&?", "");

        assertIncomplete(verifier().verify(withQuery(signed, withoutCredential), unreadBody()),
                "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters.");
        assertIncomplete(verifier().verify(withQuery(signed, "X-Amz-Algorithm"), unreadBody()),
                "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                        + "AWS query-string parameters must include 'X-Amz-Credential'. "
                        + "AWS query-string parameters must include 'X-Amz-Signature'. "
                        + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                        + "AWS query-string parameters must include 'X-Amz-Date'. "
                        + "Re-examine the query-string parameters.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ten|X-Amz-Expires should be a number",
        "0|X-Amz-Expires must be non-negative",
        "-5|X-Amz-Expires must be non-negative",
        "604801|X-Amz-Expires must be less than a week (in seconds) that is 604800"})
    void aPresignedLifetimeOutsideOneSecondToAWeekIsRefused(String expires, String message) {
        assertIncomplete(verifier().verify(editingQuery(presigned(), "X-Amz-Expires=60", "X-Amz-Expires=" + expires),
                unreadBody()), message);
    }

    @Test
    void aMalformedEscapeInTheQueryDoesNotMatch() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p").appendRawQueryParameter("a", "b"));

        assertMismatch(verifier().verify(withQuery(signed, "a=b%zz"), noBody()));
        assertMismatch(verifier().verify(withQuery(signed, "a=b%2"), noBody()));
    }

    @Test
    void anEmptySignedHeaderNameDoesNotMatch() {
        SignedRequest signed = sdk().sign(request(SdkHttpMethod.GET, "/p"));

        assertMismatch(verifier().verify(editingAuthorization(signed, "SignedHeaders=host;", "SignedHeaders=host;;"),
                noBody()));
    }
}
