package io.tollgate.core.auth.sigv4;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of AWS's canonical request for services other than S3, built from a request as received.
 *
 * <ul>
 *   <li>URI: the raw path, dot segments and empty segments (duplicate slashes) removed as the AWS SDKs do before they
 *       sign (botocore's {@code remove_dot_segments}; the Java SDK's {@code URI.normalize()}), then every segment
 *       URI-encoded again, so {@code %20} becomes {@code %2520} ("double encoding"). Nothing is decoded: {@code /a%20b},
 *       {@code /a+b} and {@code /a%2520b} are three different canonical URIs.</li>
 *   <li>Query: every {@code name=value} pair percent-decoded to bytes and encoded again the RFC 3986 way (so the
 *       encoding the client chose does not matter, {@code +} stays a plus sign), sorted by name then value; a pair
 *       without {@code '='} has the empty value; pairs with an empty name are left out, as the Java SDK leaves them
 *       out.</li>
 *   <li>Headers: the signed ones, in the order SignedHeaders lists them, lower-case names, values trimmed with inner
 *       runs of white space made one space, repeated headers joined by {@code ','}.</li>
 * </ul>
 */
final class SigV4Canonical {

    /** A query pair as on the wire, still encoded. */
    record QueryParam(String rawName, String rawValue) {
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Comparator<String[]> BY_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(pair -> pair[0]).thenComparing(pair -> pair[1]);

    private SigV4Canonical() {
    }

    /** The canonical URI of a raw path. */
    static String uri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (start <= rawPath.length()) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            String segment = rawPath.substring(start, end);
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
            start = end + 1;
        }
        StringBuilder uri = new StringBuilder(rawPath.length() + 16);
        if (rawPath.charAt(0) == '/') {
            uri.append('/');
        }
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                uri.append('/');
            }
            encode(segments.get(i).getBytes(StandardCharsets.UTF_8), uri);
        }
        if (rawPath.charAt(rawPath.length() - 1) == '/' && !segments.isEmpty()) {
            uri.append('/');
        }
        return uri.length() == 0 ? "/" : uri.toString();
    }

    /** The pairs of a raw query (null or empty: none); empty pieces between {@code '&'}s are skipped. */
    static List<QueryParam> queryParams(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<QueryParam> params = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    params.add(new QueryParam(rawQuery.substring(start, end), ""));
                } else {
                    params.add(new QueryParam(rawQuery.substring(start, eq), rawQuery.substring(eq + 1, end)));
                }
            }
            start = end + 1;
        }
        return params;
    }

    /**
     * The canonical query string of {@code params}, leaving out a pair named {@code excluded} (null: none); null when a
     * name or value holds a malformed percent escape (no client signs such a query).
     */
    static @Nullable String query(List<QueryParam> params, @Nullable String excluded) {
        List<String[]> pairs = new ArrayList<>(params.size());
        for (QueryParam param : params) {
            byte[] name = decode(param.rawName());
            byte[] value = decode(param.rawValue());
            if (name == null || value == null) {
                return null;
            }
            if (name.length == 0 || excluded != null && excluded.equals(new String(name, StandardCharsets.UTF_8))) {
                continue;
            }
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort(BY_NAME_THEN_VALUE);
        StringBuilder query = new StringBuilder();
        for (String[] pair : pairs) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(pair[0]).append('=').append(pair[1]);
        }
        return query.toString();
    }

    /** The canonical headers block (each line ending in a newline) of the lower-case {@code signedHeaders}. */
    static String headers(HttpHeaders headers, List<String> signedHeaders) {
        StringBuilder block = new StringBuilder(256);
        for (String name : signedHeaders) {
            block.append(name).append(':');
            List<String> values = headers.getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    block.append(',');
                }
                trimAndCollapse(values.get(i), block);
            }
            block.append('\n');
        }
        return block.toString();
    }

    /** Appends {@code value} without leading and trailing white space, each inner run of it made one space. */
    static void trimAndCollapse(String value, StringBuilder out) {
        boolean pendingSpace = false;
        boolean any = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhiteSpace(c)) {
                pendingSpace = any;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                any = true;
            }
        }
    }

    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }

    /** The bytes a percent-encoded string stands for (characters outside escapes as UTF-8); null when malformed. */
    static byte @Nullable [] decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hexValue(raw.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hexValue(raw.charAt(i + 2));
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else {
                int next = i + 1;
                while (next < raw.length() && raw.charAt(next) != '%') {
                    next++;
                }
                bytes.writeBytes(raw.substring(i, next).getBytes(StandardCharsets.UTF_8));
                i = next;
            }
        }
        return bytes.toByteArray();
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** The text a percent-encoded string stands for, as UTF-8; null when malformed. */
    static @Nullable String decodeToString(String raw) {
        byte[] bytes = decode(raw);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding: every byte but the unreserved characters as {@code %XX}, upper-case hex. */
    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 8);
        encode(bytes, out);
        return out.toString();
    }

    private static void encode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
