package io.tollgate.core.auth.sigv4;

import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertMismatch;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.assertVerified;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.body;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.noBody;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.verifierFor;
import static io.tollgate.core.auth.sigv4.SigV4Fixtures.withPath;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AWS's Signature Version 4 test suite (the cases AWS published with the SigV4 documentation, kept in
 * awslabs/aws-c-auth tests/aws-signing-test-suite/v4): key AKIDEXAMPLE, secret
 * wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 2015-08-30T12:36:00Z. Each request here is
 * the suite's header-signed-request.txt, with the suite's signature.
 */
class SigV4TestSuiteTest {

    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
            + "aws4_request, SignedHeaders=";

    private static SignedRequest suiteRequest(String method, String path, String query, String signedHeaders,
            String signature, String... extraHeaders) {
        HttpHeaders headers = SigV4Fixtures.lenientHeaders().add("Host", "example.amazonaws.com")
                .add("X-Amz-Date", "20150830T123600Z")
                .add("Authorization", CREDENTIAL + signedHeaders + ", Signature=" + signature);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.add(extraHeaders[i], extraHeaders[i + 1]);
        }
        return new SignedRequest(method, path, query, headers);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "get-vanilla|/|-|5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "get-vanilla-query-order-key-case|/|Param2=value2&Param1=value1|"
                + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "get-utf8|/ሴ|-|8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
        "get-vanilla-utf8-query|/|ሴ=bar|2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
        "get-slashes-normalized|//example//|-|9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
        "get-relative-relative-normalized|/example1/example2/../..|-|"
                + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"})
    void aSuiteGetRequestVerifies(String name, String path, String query, String signature) {
        SignedRequest request = suiteRequest("GET", path, query, "host;x-amz-date", signature);

        assertVerified(verifierFor("service", SUITE_TIME).verify(request, noBody()));
    }

    @Test
    void getVanillaFailsOnceItsPathChanges() {
        SignedRequest request = suiteRequest("GET", "/", null, "host;x-amz-date",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

        assertMismatch(verifierFor("service", SUITE_TIME).verify(withPath(request, "/other"), noBody()));
    }

    @Test
    void getHeaderValueTrimVerifies() {
        SignedRequest request = suiteRequest("GET", "/", null, "host;my-header1;my-header2;x-amz-date",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
                "My-Header1", " value1", "My-Header2", "\"a   b   c\"");

        assertVerified(verifierFor("service", SUITE_TIME).verify(request, noBody()));
    }

    @Test
    void getVanillaWithSessionTokenVerifies() {
        SignedRequest request = suiteRequest("GET", "/", null, "host;x-amz-date;x-amz-security-token",
                "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
                "X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");

        assertVerified(verifierFor("service", SUITE_TIME).verify(request, noBody()));
    }

    @Test
    void postVanillaSignsTheEmptyBodyAndRefusesAnyOther() {
        SignedRequest request = suiteRequest("POST", "/", null, "host;x-amz-date",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");

        assertVerified(verifierFor("service", SUITE_TIME).verify(request, noBody()));
        assertMismatch(verifierFor("service", SUITE_TIME).verify(request, body("Param1=value1")));
    }

    @Test
    void postXWwwFormUrlencodedVerifiesItsBody() {
        SignedRequest request = suiteRequest("POST", "/", null,
                "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
                "Content-Type", "application/x-www-form-urlencoded", "Content-Length", "13",
                "x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");

        assertVerified(verifierFor("service", SUITE_TIME).verify(request, body("Param1=value1")));
    }
}
