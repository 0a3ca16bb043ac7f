package io.tollgate.core.auth.sigv4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes SigV4 canonicalisation and verification. {@code canonical}: the canonical URI and query are RFC 3986 encoded
 * (only unreserved characters, {@code %XX} and separators), the URI has no empty or dot segment and each of its
 * segments is one of the raw path's encoded once more, the canonical query is sorted and canonicalises to itself, and
 * header values are trimmed with single inner spaces. {@code verify}: any request is verified or refused with a 403
 * {@link SigV4Exception}, never another exception. {@code sdkSigned}: a request the AWS SDK's own signer signed, with
 * a fuzzed path, query and header, always verifies.
 */
class SigV4CanonicalFuzzTest {

    private static final SigV4Verifier VERIFIER = SigV4Fixtures.verifier();

    /** Line 1: a raw path; line 2: a raw query; line 3: a header value. */
    @FuzzTest
    void canonical(byte[] input) {
        String[] lines = text(input).split("\n", 3);
        String rawPath = lines[0];
        String uri = SigV4Canonical.uri(rawPath);
        check(!uri.isEmpty() && (uri.startsWith("/") || !rawPath.startsWith("/")), "canonical URI %s of %s", uri, rawPath);
        check(isEncoded(uri, "/"), "canonical URI %s of %s is not RFC 3986 encoded", uri, rawPath);
        check(!uri.contains("//"), "empty segment in %s", uri);
        Set<String> rawSegments = new HashSet<>(Arrays.asList(rawPath.split("/", -1)));
        String[] segments = uri.substring(uri.startsWith("/") ? 1 : 0).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                check(i == segments.length - 1, "empty segment in %s", uri);
                continue;
            }
            String raw = SigV4Canonical.decodeToString(segment);
            check(raw != null && !raw.equals(".") && !raw.equals("..") && rawSegments.contains(raw),
                    "segment %s of %s is no segment of %s", segment, uri, rawPath);
        }

        String rawQuery = lines.length > 1 ? lines[1] : null;
        List<SigV4Canonical.QueryParam> params = SigV4Canonical.queryParams(rawQuery);
        String query = SigV4Canonical.query(params, null);
        boolean malformed = params.stream().anyMatch(p -> SigV4Canonical.decode(p.rawName()) == null
                || SigV4Canonical.decode(p.rawValue()) == null);
        check((query == null) == malformed, "a query is refused exactly when an escape is malformed: %s", rawQuery);
        if (query != null) {
            check(isEncoded(query, "=&"), "canonical query %s is not RFC 3986 encoded", query);
            check(query.equals(SigV4Canonical.query(SigV4Canonical.queryParams(query), null)),
                    "the canonical query %s of %s is not canonical", query, rawQuery);
            String previous = null;
            for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
                check(pair.indexOf('=') > 0, "pair %s of %s", pair, query);
                check(previous == null || compare(previous, pair) <= 0, "%s sorted after %s", pair, previous);
                previous = pair;
            }
        }
        for (SigV4Canonical.QueryParam param : params) {
            byte[] bytes = SigV4Canonical.decode(param.rawValue());
            if (bytes != null) {
                check(Arrays.equals(SigV4Canonical.decode(SigV4Canonical.encode(bytes)), bytes), "encode/decode");
            }
        }

        if (lines.length > 2) {
            StringBuilder value = new StringBuilder();
            SigV4Canonical.trimAndCollapse(lines[2], value);
            String collapsed = value.toString();
            for (char c : new char[] {'\t', '\n', '\r', '\u000b', '\f'}) {
                check(collapsed.indexOf(c) < 0, "white space left in %s", collapsed);
            }
            check(!collapsed.contains("  ") && !collapsed.startsWith(" ") && !collapsed.endsWith(" "),
                    "%s trimmed and collapsed is %s", lines[2], collapsed);
        }
    }

    /** Like a received request: {@code METHOD /path?query}, then header lines. */
    @FuzzTest
    void verify(byte[] input) {
        String[] lines = text(input).split("\n", 24);
        String[] requestLine = lines[0].split(" ", 2);
        if (requestLine.length < 2) {
            return;
        }
        int q = requestLine[1].indexOf('?');
        HttpHeaders headers = SigV4Fixtures.lenientHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                try {
                    headers.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
                } catch (IllegalArgumentException notAHeaderName) {
                    return;
                }
            }
        }
        SignedRequest request = new SignedRequest(requestLine[0], q < 0 ? requestLine[1] : requestLine[1].substring(0, q),
                q < 0 ? null : requestLine[1].substring(q + 1), headers);
        SigV4Verifier.isSigned(request);
        try {
            SigV4Result result = VERIFIER.verify(request, () -> Mono.just(new byte[0])).block(Duration.ofSeconds(5));
            check(result != null && result.credentials().equals(SigV4Fixtures.ALICE), "verified as someone else");
        } catch (SigV4Exception refused) {
            check(refused.status() == 403 && refused.getMessage() != null && refused.type() != null
                    && refused.errorType() != null, "a refusal is a 403 with AWS's message and type");
        }
    }

    /** Line 1: a path; line 2: query parameters, {@code name=value&...} (unencoded); line 3: a header value. */
    @FuzzTest
    void sdkSigned(byte[] input) {
        String[] lines = text(input).split("\n", 4);
        if (lines[0].indexOf('?') >= 0 || lines[0].indexOf('#') >= 0) {
            return; // the SDK signs such a path as it is; on the wire the server would read a query or a fragment
        }
        int depth = 0;
        for (String segment : lines[0].split("/", -1)) {
            depth += segment.equals("..") ? -1 : segment.isEmpty() || segment.equals(".") ? 0 : 1;
            if (depth < 0) {
                // a '..' above the root: the Java SDK (URI.normalize) keeps it, botocore and this verifier drop it
                return;
            }
        }
        SignedRequest signed;
        try {
            SdkHttpRequest.Builder request = SdkSigner.request(SdkHttpMethod.POST, lines[0]);
            if (lines.length > 1 && !lines[1].isEmpty()) {
                for (String pair : lines[1].split("&", 16)) {
                    int eq = pair.indexOf('=');
                    if (pair.regionMatches(true, 0, "X-Amz-", 0, 6)) {
                        return; // the SDK's presigning replaces these after it signed them: no one could verify that
                    }
                    request.appendRawQueryParameter(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? null : pair.substring(eq + 1));
                }
            }
            if (lines.length > 2) {
                // a control character (but HTAB) or other white space (U+001F, U+2003) in a value: what Netty keeps
                // of it, what the SDK signs of it and what SdkSigner.received() strips differ; no client sends one
                if (lines[2].chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f
                        || Character.isWhitespace(c) && c != ' ' && c != '\t' || Character.isSpaceChar(c) && c != ' ')) {
                    return;
                }
                request.putHeader("X-Fuzz", lines[2]);
            }
            byte[] body = lines.length > 3 ? lines[3].getBytes(StandardCharsets.UTF_8) : null;
            boolean presigned = lines[0].length() % 2 == 1;
            signed = (presigned ? SdkSigner.sdk().presigned(Duration.ofMinutes(10)) : SdkSigner.sdk()).sign(request, body);
        } catch (RuntimeException theSdkRefuses) {
            return; // the SDK signs only what it can send (its URI handling throws on some raw characters)
        }
        if (!canReceive(signed)) {
            return;
        }
        byte[] body = lines.length > 3 ? lines[3].getBytes(StandardCharsets.UTF_8) : new byte[0];
        try {
            VERIFIER.verify(signed, () -> Mono.just(body)).block(Duration.ofSeconds(5));
        } catch (SigV4Exception refused) {
            throw new AssertionError("an SDK-signed request is refused (" + refused.getMessage() + "): "
                    + signed.rawPath() + " ? " + signed.rawQuery() + " " + signed.headers(), refused);
        }
    }

    /** Whether Netty could hand this request over as it was signed: an ASCII request target, valid header values. */
    private static boolean canReceive(SignedRequest request) {
        String target = request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        try {
            new DefaultHttpHeaders().add(request.headers());
        } catch (IllegalArgumentException invalid) {
            return false;
        }
        return true;
    }

    private static boolean isEncoded(String s, String separators) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || "0123456789ABCDEF".indexOf(s.charAt(i + 1)) < 0
                        || "0123456789ABCDEF".indexOf(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0
                    || separators.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("=", 2);
        String[] y = b.split("=", 2);
        int byName = x[0].compareTo(y[0]);
        return byName != 0 ? byName : x[1].compareTo(y[1]);
    }
}
