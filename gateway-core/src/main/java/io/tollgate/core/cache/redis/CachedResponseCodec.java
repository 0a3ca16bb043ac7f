package io.tollgate.core.cache.redis;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.cache.CachedResponse;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The value of a stage cache entry in Redis: a compact binary form of a {@link CachedResponse}, read back exactly
 * (status, every header in order, repeated ones included, and the body's bytes).
 * <pre>
 * version     1 byte    {@link #VERSION}
 * status      2 bytes   unsigned, big-endian, 100 to 599
 * headers     varint    how many; then for each: varint length, name (UTF-8), varint length, value (UTF-8)
 * body        varint    its length (at most {@link StageCache#MAX_ENTRY_BYTES}); then its bytes, to the value's end
 * </pre>
 * A varint is an unsigned LEB128 number in its shortest form, of at most 5 bytes (7 bits a byte, least significant
 * first), at most {@link Integer#MAX_VALUE}. Reading accepts nothing else: another version, a length past the end, bytes left over, a
 * header name that is not an HTTP token, a value with a control character (a stored header must never split a
 * response), {@code Content-Length} or {@code Transfer-Encoding} (the cache stage never stores them: the reply's writer
 * frames a hit), text that is not UTF-8, a body over the entry limit. Such a value reads as null (a miss), never as an
 * exception.
 */
final class CachedResponseCodec {

    /** The format's version: the first byte of every value. */
    static final byte VERSION = 1;

    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private CachedResponseCodec() {
    }

    /**
     * The value of {@code response}, or null when it cannot be stored: its body is over the entry limit, or a header
     * would not be read back (a name that is not a token, a control character in a value). {@code Content-Length}
     * and {@code Transfer-Encoding} are left out.
     */
    static byte @Nullable [] encode(CachedResponse response) {
        byte[] body = response.body();
        int status = response.status();
        if (body.length > StageCache.MAX_ENTRY_BYTES || status < 100 || status > 599) {
            return null;
        }
        List<byte[]> texts = new ArrayList<>();
        long size = 1 + 2 + 5 + 5 + (long) body.length;
        for (Map.Entry<String, String> header : response.headersCopy()) {
            String name = header.getKey();
            String value = header.getValue();
            if (framing(name)) {
                continue;
            }
            if (!isToken(name) || !isFieldValue(value)) {
                return null;
            }
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            texts.add(nameBytes);
            texts.add(valueBytes);
            size += 10L + nameBytes.length + valueBytes.length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(VERSION);
        out.putShort((short) status);
        varint(out, texts.size() / 2);
        for (byte[] text : texts) {
            varint(out, text.length);
            out.put(text);
        }
        varint(out, body.length);
        out.put(body);
        return out.position() == out.capacity() ? out.array() : Arrays.copyOf(out.array(), out.position());
    }

    /** The response {@code value} holds, or null when it is not a value of this format (see the class comment). */
    static @Nullable CachedResponse decode(byte @Nullable [] value) {
        if (value == null || value.length < 1 + 2 + 1 + 1 || value[0] != VERSION) {
            return null;
        }
        int status = ((value[1] & 0xFF) << 8) | (value[2] & 0xFF);
        Reader in = new Reader(value, 3);
        if (status < 100 || status > 599) {
            return null;
        }
        int count = in.varint();
        // each header takes at least two bytes (two lengths), so a count past that is garbage before any allocation
        if (count < 0 || count > in.remaining() / 2) {
            return null;
        }
        HttpHeaders headers = HEADERS.newHeaders();
        for (int i = 0; i < count; i++) {
            String name = in.text();
            String headerValue = name == null ? null : in.text();
            if (name == null || headerValue == null || !isToken(name) || framing(name) || !isFieldValue(headerValue)) {
                return null;
            }
            headers.add(name, headerValue);
        }
        int length = in.varint();
        if (length < 0 || length > StageCache.MAX_ENTRY_BYTES || length != in.remaining()) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(value, in.position, value.length);
        return new CachedResponse(status, headers, body);
    }

    private static boolean framing(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name);
    }

    /** RFC 9110's token: one or more of the visible characters that are not delimiters. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A field value without control characters (horizontal tab allowed): never CR, LF or NUL. */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static void varint(ByteBuffer out, int number) {
        int n = number;
        while ((n & ~0x7F) != 0) {
            out.put((byte) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.put((byte) n);
    }

    /** Reads a value front to back; every read answers -1 or null past its end instead of throwing. */
    private static final class Reader {

        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int remaining() {
            return bytes.length - position;
        }

        /** The next varint, or -1 when it is cut short, longer than 5 bytes, or past {@link Integer#MAX_VALUE}. */
        int varint() {
            long result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (position >= bytes.length) {
                    return -1;
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    // the shortest form only: a last byte of 0 after others adds nothing
                    return result > Integer.MAX_VALUE || (b == 0 && shift > 0) ? -1 : (int) result;
                }
            }
            return -1;
        }

        /** The next length-prefixed UTF-8 text, or null when it is cut short or not UTF-8. */
        @Nullable String text() {
            int length = varint();
            if (length < 0 || length > remaining()) {
                return null;
            }
            int start = position;
            position += length;
            boolean ascii = true;
            for (int i = start; i < position; i++) {
                if (bytes[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, length)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}
