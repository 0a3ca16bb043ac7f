package io.tollgate.core.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestPathTest {

    private static String normalized(String raw) {
        return RequestPath.parse(raw).normalizedFrom(0);
    }

    @Test
    void emptySegmentsAndDotSegmentsAreNormalised() {
        assertThat(normalized("/")).isEqualTo("/");
        assertThat(normalized("//a///b/")).isEqualTo("/a/b");
        assertThat(normalized("/a/./b")).isEqualTo("/a/b");
        assertThat(normalized("/a/b/../c")).isEqualTo("/a/c");
        assertThat(normalized("/a/%2e%2E/c")).isEqualTo("/c");
        assertThat(normalized("/a/%2e/c")).isEqualTo("/a/c");
    }

    @Test
    void dotDotNeverClimbsAboveTheRoot() {
        assertThat(normalized("/../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(normalized("/store/../../admin")).isEqualTo("/admin");
    }

    @Test
    void rawSegmentsStayEncodedAndDecodedOnesAreUtf8() {
        RequestPath path = RequestPath.parse("/caf%C3%A9/a+b/x%2Fy");
        assertThat(path.rawSegment(0)).isEqualTo("caf%C3%A9");
        assertThat(path.decodedSegment(0)).isEqualTo("caf\u00e9");
        assertThat(path.decodedSegment(1)).isEqualTo("a+b");
        assertThat(path.decodedSegment(2)).isEqualTo("x/y");
        assertThat(path.rawTail(1)).isEqualTo("a+b/x%2Fy");
        assertThat(path.trailingSlash()).isFalse();
        assertThat(RequestPath.parse("/a/").trailingSlash()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2F..%2Fb", "/a%2f..", "/..%2Fadmin", "/%2e%2e%2fadmin", "/a%5C..%5Cb", "/a\\..\\b"})
    void dotSegmentsHiddenBehindEncodedSeparatorsAreRejected(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw)).isInstanceOf(InvalidPathException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%zz", "/a%4", "/%", "/a%00b", "/a%0a", "/%C3%28", "pets"})
    void malformedPathsAreRejected(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw)).isInstanceOf(InvalidPathException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/store/a/..;/..;/pets/1", "/a/..;x/b", "/a/.;/b", "/a/%2e%2e;/b", "/a/%2E;jsessionid=1/b",
            "/a/..%3B/b", "/a%2F..;%2Fb"})
    void dotSegmentsWithPathParametersAreRejected(String raw) {
        // a servlet container strips ";..." from a segment before resolving dot segments: "..;" is ".." to it
        assertThatThrownBy(() -> RequestPath.parse(raw)).isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("dot segment");
    }

    @Test
    void pathParametersOnOtherSegmentsStay() {
        RequestPath path = RequestPath.parse("/a;v=1/..b;x/;y/b..;z");
        assertThat(path.rawTail(0)).isEqualTo("a;v=1/..b;x/;y/b..;z");
    }

    @Test
    void rawNonAsciiBytesAreEncodedOnceAndDecodedAsUtf8() {
        // the HTTP codec reads a request line one char per byte: "café" in UTF-8 arrives as "caf\u00c3\u00a9"
        RequestPath path = RequestPath.parse("/caf\u00c3\u00a9/x");
        assertThat(path.rawSegment(0)).isEqualTo("caf%C3%A9");
        assertThat(path.decodedSegment(0)).isEqualTo("caf\u00e9");
        assertThat(path.raw()).isEqualTo("/caf\u00c3\u00a9/x");
        // bytes that are not UTF-8 are as malformed as their percent-encoded form
        assertThatThrownBy(() -> RequestPath.parse("/caf\u00e9")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void charactersThatMayNotStandInAPathAreEncoded() {
        RequestPath path = RequestPath.parse("/a b/{x}/\"q\"/<t>/`^|/[1]");
        assertThat(path.rawTail(0)).isEqualTo("a%20b/%7Bx%7D/%22q%22/%3Ct%3E/%60%5E%7C/%5B1%5D");
        assertThat(path.decodedSegment(1)).isEqualTo("{x}");
        assertThat(RequestPath.parse("/a~b-c_d.e!$&'()*+,;=:@").rawSegment(0)).isEqualTo("a~b-c_d.e!$&'()*+,;=:@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\u0000b", "/a\r\nX-Injected: 1", "/a\tb", "/pets/\u007f", "/\u001b[31m", "/a/\n/../b"})
    void rawControlCharactersAreRejectedLikeEncodedOnes(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("control character");
    }
}
