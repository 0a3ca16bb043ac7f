package io.tollgate.core.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A request path split into normalised segments. Empty segments ({@code //}) and {@code .} are dropped and
 * {@code ..} removes the segment before it (never climbing above the root), so no route, greedy or not, can be
 * reached by a path that escapes its base path. Each segment keeps its raw (still percent-encoded) form, which is
 * what gets forwarded, and its decoded form, which is what route keys are compared with.
 */
public final class RequestPath {

    private static final String[] EMPTY = new String[0];

    private final String raw;
    private final String[] rawSegments;
    private final String[] decodedSegments;
    private final boolean trailingSlash;

    private RequestPath(String raw, String[] rawSegments, String[] decodedSegments, boolean trailingSlash) {
        this.raw = raw;
        this.rawSegments = rawSegments;
        this.decodedSegments = decodedSegments;
        this.trailingSlash = trailingSlash;
    }

    /**
     * Parses a raw request path (without query string).
     *
     * Raw bytes that may not stand in a URI path (non-ASCII, which arrive as one char per byte, 0x80 to 0xFF; space,
     * {@code "<>\^`{|}[]}) are percent-encoded in the raw segments, so a backend receives them once encoded, never
     * twice.
     *
     * @throws InvalidPathException when the path has a malformed percent-encoding, a control character (raw or
     *                              encoded), a dot segment hidden behind an encoded separator ({@code a%2F..%2Fb}),
     *                              or a dot segment with path parameters ({@code ..;x}, which servlet containers
     *                              resolve as {@code ..})
     */
    public static RequestPath parse(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new InvalidPathException("the path must start with '/'");
        }
        int length = raw.length();
        for (int i = 1; i < length; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // never valid in a request target; refused as its encoded form is, so none reaches a backend or a log
                throw new InvalidPathException("the path contains a control character");
            }
        }
        String[] rawSegments = new String[8];
        String[] decoded = new String[8];
        int count = 0;
        int start = 1;
        while (start <= length) {
            int end = raw.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                String segment = canonical(raw, start, end);
                String value = segment.indexOf('%') >= 0 ? decode(segment) : segment;
                if (value.equals(".")) {
                    // dropped
                } else if (value.equals("..")) {
                    if (count > 0) {
                        count--;
                    }
                } else {
                    checkHiddenDotSegments(value);
                    if (count == rawSegments.length) {
                        rawSegments = Arrays.copyOf(rawSegments, count * 2);
                        decoded = Arrays.copyOf(decoded, count * 2);
                    }
                    rawSegments[count] = segment;
                    decoded[count] = value;
                    count++;
                }
            }
            start = end + 1;
        }
        boolean trailing = length > 1 && raw.charAt(length - 1) == '/';
        return new RequestPath(raw, count == 0 ? EMPTY : Arrays.copyOf(rawSegments, count),
                count == 0 ? EMPTY : Arrays.copyOf(decoded, count), trailing);
    }

    private static void checkHiddenDotSegments(String value) {
        int partStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '/' || value.charAt(i) == '\\') {
                // a part's name ends at its path parameters: "..;x" is ".." to a servlet container
                int semicolon = value.indexOf(';', partStart);
                int nameEnd = semicolon >= 0 && semicolon < i ? semicolon : i;
                int len = nameEnd - partStart;
                if ((len == 1 && value.charAt(partStart) == '.')
                        || (len == 2 && value.charAt(partStart) == '.' && value.charAt(partStart + 1) == '.')) {
                    if (nameEnd < i) {
                        throw new InvalidPathException("the path has a dot segment with path parameters");
                    }
                    if (i < value.length() || partStart > 0) {
                        throw new InvalidPathException("the path hides a dot segment behind an encoded separator");
                    }
                }
                partStart = i + 1;
            }
        }
    }

    /**
     * The raw segment {@code raw[start, end)}, with the characters that may not stand in a URI path percent-encoded:
     * chars up to 0xFF are bytes (as the HTTP codec reads a request line), beyond that UTF-8. Control characters are
     * refused.
     */
    static String canonical(String raw, int start, int end) {
        int i = start;
        while (i < end && isPathChar(raw.charAt(i))) {
            i++;
        }
        if (i == end) {
            return raw.substring(start, end);
        }
        StringBuilder out = new StringBuilder((end - start) + 16).append(raw, start, i);
        for (; i < end; i++) {
            char c = raw.charAt(i);
            if (isPathChar(c)) {
                out.append(c);
            } else if (c < 0x20 || c == 0x7f) {
                throw new InvalidPathException("the path has a control character");
            } else if (c <= 0xff) {
                appendEncoded(out, c);
            } else {
                int codePoint = raw.codePointAt(i);
                if (Character.isSurrogate(c) && Character.charCount(codePoint) == 1) {
                    throw new InvalidPathException("the path is not valid UTF-16");
                }
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    appendEncoded(out, b & 0xff);
                }
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toString();
    }

    /** Whether {@code c} may stand as it is in a path: RFC 3986's pchar, and {@code %} (checked when decoding). */
    private static boolean isPathChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '%', '\\' -> true;
            default -> false;
        };
    }

    private static void appendEncoded(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }

    /** Percent-decodes one path segment as UTF-8 ({@code +} stays {@code +} in paths). */
    static String decode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new InvalidPathException("malformed percent-encoding in the path");
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidPathException("malformed percent-encoding in the path");
                }
                int b = (hi << 4) | lo;
                if (b < 0x20 || b == 0x7f) {
                    throw new InvalidPathException("the path encodes a control character");
                }
                out.write(b);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
                    bytes = segment.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPathException("the path's percent-encoding is not UTF-8");
        }
    }

    /** The path exactly as received. */
    public String raw() {
        return raw;
    }

    public int size() {
        return rawSegments.length;
    }

    public String rawSegment(int index) {
        return rawSegments[index];
    }

    public String decodedSegment(int index) {
        return decodedSegments[index];
    }

    /** Whether the received path ended with {@code /}. */
    public boolean trailingSlash() {
        return trailingSlash;
    }

    /** The raw segments from {@code from} on, joined with {@code /} (the value of a greedy variable). */
    public String rawTail(int from) {
        if (from >= rawSegments.length) {
            return "";
        }
        if (from == rawSegments.length - 1) {
            return rawSegments[from];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < rawSegments.length; i++) {
            if (i > from) {
                sb.append('/');
            }
            sb.append(rawSegments[i]);
        }
        return sb.toString();
    }

    /** The normalised path from segment {@code from} on, starting with {@code /} ({@code /} when there is none). */
    public String normalizedFrom(int from) {
        return from >= rawSegments.length ? "/" : "/" + rawTail(from);
    }

    @Override
    public String toString() {
        return raw;
    }
}
