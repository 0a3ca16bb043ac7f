package io.tollgate.core.auth.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

/** The canonical request's parts, the crypto, and the public records, one piece at a time. */
class SigV4PartsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|/",
        "/|/",
        "/prod/pets|/prod/pets",
        "/a%20b|/a%2520b",
        "/a+b|/a%2Bb",
        "/a b|/a%20b",
        "/a%2Fb|/a%252Fb",
        "/%E2%9C%93|/%25E2%259C%2593",
        "/ሴ|/%E1%88%B4",
        "/a~b-c_d.e|/a~b-c_d.e",
        "/a:b@c!$'()*,;=|/a%3Ab%40c%21%24%27%28%29%2A%2C%3B%3D",
        "//example//|/example/",
        "/a/./b/../c|/a/c",
        "/a/b/..|/a",
        "/a/b/../|/a/",
        "/..|/",
        "/example1/example2/../..|/",
        "/a/.|/a",
        "/a/%2E%2E/b|/a/%252E%252E/b"})
    void theCanonicalUriIsThePathNormalisedAndEncodedAgain(String rawPath, String canonical) {
        assertThat(SigV4Canonical.uri(rawPath)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-|''",
        "''|''",
        "b=2&a=1|a=1&b=2",
        "b=2&b=1&B=3|B=3&b=1&b=2",
        "a&b=|a=&b=",
        "a=1&&b=2&|a=1&b=2",
        "=x&a=1|a=1",
        "a=%41%2f%7e|a=A%2F~",
        "a=x+y|a=x%2By",
        "a=x%20y|a=x%20y",
        "a=b=c|a=b%3Dc",
        "%E1%88%B4=%e2%9c%93|%E1%88%B4=%E2%9C%93",
        "ሴ=bar|%E1%88%B4=bar",
        "a=%FF|a=%FF"})
    void theCanonicalQueryIsDecodedEncodedAgainAndSorted(String rawQuery, String canonical) {
        assertThat(SigV4Canonical.query(SigV4Canonical.queryParams(rawQuery), null)).isEqualTo(canonical);
    }

    @Test
    void thePresignedSignatureIsLeftOutOfTheCanonicalQuery() {
        List<SigV4Canonical.QueryParam> params =
                SigV4Canonical.queryParams("X-Amz-Signature=abc&X-Amz-Date=20261122T011000Z&a=1");

        assertThat(SigV4Canonical.query(params, "X-Amz-Signature")).isEqualTo("X-Amz-Date=20261122T011000Z&a=1");
    }

    @ParameterizedTest
    @CsvSource({"a=%", "a=%4", "a=%zz", "a=%4g", "%=1"})
    void aMalformedEscapeLeavesNoCanonicalQuery(String rawQuery) {
        assertThat(SigV4Canonical.query(SigV4Canonical.queryParams(rawQuery), null)).isNull();
    }

    @Test
    void arabicIndicDigitsAreNotHexDigits() {
        assertThat(SigV4Canonical.decode("%٤١")).isNull();
    }

    @Test
    void canonicalHeadersAreTrimmedCollapsedAndJoined() {
        HttpHeaders headers = SigV4Fixtures.lenientHeaders()
                .add("Host", "h")
                .add("X-A", "  a \t  b\r\n c  ")
                .add("x-b", "one")
                .add("X-B", "two ")
                .add("X-Empty", "   ");

        assertThat(SigV4Canonical.headers(headers, List.of("host", "x-a", "x-b", "x-empty", "x-absent")))
                .isEqualTo("host:h\nx-a:a b c\nx-b:one,two\nx-empty:\nx-absent:\n");
    }

    @Test
    void theSigningKeyIsAwssDocumentedDerivation() {
        SigV4Crypto crypto = new SigV4Crypto();
        byte[] key = crypto.signingKey(SdkSigner.SECRET, "20150830", "us-east-1", "iam");

        assertThat(SigV4Crypto.hex(key)).isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        assertThat(crypto.signingKey(SdkSigner.SECRET, "20150830", "us-east-1", "iam")).isSameAs(key);
        assertThat(crypto.signingKey("rotated", "20150830", "us-east-1", "iam")).isNotEqualTo(key);
    }

    @Test
    void theSigningKeyCacheStaysSmall() {
        SigV4Crypto crypto = new SigV4Crypto();
        for (int i = 0; i < 1200; i++) {
            crypto.signingKey("secret" + i, "20261122", "us-east-1", "execute-api");
        }

        assertThat(crypto.cachedKeys()).isBetween(1, 512);
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        SigV4Credentials credentials = new SigV4Credentials("AKID", "very-secret", "arn:aws:iam::1:user/a", null);

        assertThat(credentials.toString()).doesNotContain("very-secret").contains("AKID").contains("arn:aws:iam::1:user/a");
        assertThat(credentials.allowedResources()).isEmpty();
        assertThatThrownBy(() -> new SigV4Credentials("AKID", null, "arn", List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRefusalCarriesNoStackTrace() {
        SigV4Exception refusal = SigV4Exception.invalid("m");

        assertThat(refusal.getStackTrace()).isEmpty();
        assertThat(refusal.type()).isEqualTo(GatewayResponseType.INVALID_SIGNATURE);
        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.toString()).contains("INVALID_SIGNATURE", "InvalidSignatureException", "m");
        assertThat(SigV4Exception.missingAuthenticationToken().getStackTrace()).isEmpty();
    }

    @Test
    void durationsReadAsAwsWritesThem() {
        assertThat(SigV4Messages.duration(Duration.ofMinutes(5))).isEqualTo("5 min.");
        assertThat(SigV4Messages.duration(Duration.ofDays(7))).isEqualTo("10080 min.");
        assertThat(SigV4Messages.duration(Duration.ofSeconds(90))).isEqualTo("90 sec.");
    }

    @Test
    void theSkewMustBePositive() {
        assertThatThrownBy(() -> new SigV4Verifier(key -> Mono.empty(), Clock.systemUTC(), "execute-api", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha256OfNothingIsTheEmptyPayloadHash() {
        assertThat(SigV4Crypto.sha256Hex("".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
