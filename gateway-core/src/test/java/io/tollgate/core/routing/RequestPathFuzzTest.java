package io.tollgate.core.routing;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.hasControlCharacter;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes the request path normaliser. Whatever the bytes, {@link RequestPath#parse} either refuses the path with
 * {@link InvalidPathException} or gives segments that cannot escape a base path: none is empty, {@code .} or
 * {@code ..} (decoded), none hides a dot segment behind an encoded separator, none holds a control character (raw or
 * decoded), and normalising is idempotent.
 */
class RequestPathFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        String raw = text(input);
        RequestPath path;
        try {
            path = RequestPath.parse(raw);
        } catch (InvalidPathException refused) {
            check(refused.getMessage() != null && !refused.getMessage().isBlank(), "a refusal says why");
            return;
        }
        check(path.raw().equals(raw), "raw() is the path as received");
        check(raw.startsWith("/"), "accepted a path without a leading slash: %s", raw);
        check(!hasControlCharacter(raw), "accepted a raw control character: %s", raw);
        check(path.trailingSlash() == (raw.length() > 1 && raw.endsWith("/")), "trailing slash of %s", raw);
        int slashes = 0;
        for (int i = 0; i < raw.length(); i++) {
            slashes += raw.charAt(i) == '/' ? 1 : 0;
        }
        check(path.size() <= slashes, "more segments than slashes in %s", raw);

        for (int i = 0; i < path.size(); i++) {
            String rawSegment = path.rawSegment(i);
            String decoded = path.decodedSegment(i);
            check(!rawSegment.isEmpty() && rawSegment.indexOf('/') < 0, "raw segment %s of %s", rawSegment, raw);
            check(!decoded.isEmpty() && !decoded.equals(".") && !decoded.equals(".."),
                    "decoded segment %s of %s", decoded, raw);
            check(!hasControlCharacter(decoded), "control character in the decoded segment %s", decoded);
            if (rawSegment.indexOf('%') < 0) {
                check(decoded.equals(rawSegment), "segment %s without escapes decoded to %s", rawSegment, decoded);
            } else {
                check(RequestPath.decode(rawSegment).equals(decoded), "segment %s decodes differently", rawSegment);
            }
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                for (String part : decoded.split("[/\\\\]", -1)) {
                    check(!part.equals(".") && !part.equals(".."), "dot segment behind a separator in %s", decoded);
                }
            }
        }

        String normalized = path.normalizedFrom(0);
        check(normalized.startsWith("/") && !normalized.contains("//"), "normalised %s to %s", raw, normalized);
        check(path.normalizedFrom(path.size()).equals("/"), "the path after its last segment is /");
        check(path.rawTail(0).equals(path.size() == 0 ? "" : normalized.substring(1)), "rawTail(0) of %s", raw);
        int middle = path.size() / 2;
        check(path.normalizedFrom(middle).equals("/" + path.rawTail(middle)) || middle == path.size(),
                "normalizedFrom(%s) of %s", middle, raw);

        RequestPath again = RequestPath.parse(normalized);
        check(again.size() == path.size(), "normalising %s again changed its segments", raw);
        for (int i = 0; i < path.size(); i++) {
            check(again.rawSegment(i).equals(path.rawSegment(i)) && again.decodedSegment(i).equals(path.decodedSegment(i)),
                    "normalising %s again changed segment %s", raw, i);
        }
        check(again.normalizedFrom(0).equals(normalized), "normalising is idempotent: %s", raw);
    }
}
