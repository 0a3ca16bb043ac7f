package io.tollgate.core.cache.redis;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.cache.CachedResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry format: read back exactly, and anything else, however close, reads as nothing (never an exception). */
class CachedResponseCodecTest {

    private static final DefaultHttpHeadersFactory UNCHECKED = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    static CachedResponse sample() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("content-type", "application/octet-stream")
                .add("vary", "Accept")
                .add("vary", "Accept-Language")
                .add("x-note", "caf\u00e9 \u2013 \u00fcber")
                .add("x-empty", "")
                .add("x-tab", "a\tb");
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return new CachedResponse(203, headers, body);
    }

    /** The headers in order, as {@code name: value} lines. */
    static List<String> headers(CachedResponse response) {
        return response.headersCopy().entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    @Test
    void aResponseReadsBackExactly() {
        CachedResponse sample = sample();
        byte[] value = CachedResponseCodec.encode(sample);
        assertThat(value[0]).isEqualTo(CachedResponseCodec.VERSION);
        CachedResponse read = CachedResponseCodec.decode(value);
        assertThat(read.status()).isEqualTo(203);
        assertThat(headers(read)).isEqualTo(headers(sample));
        assertThat(read.headersCopy().getAll("vary")).containsExactly("Accept", "Accept-Language");
        assertThat(read.body()).isEqualTo(sample.body());
        // compact: the body, the header texts, and a few bytes of lengths
        int texts = sample.headersCopy().entries().stream().mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
                + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(value.length).isLessThanOrEqualTo(1 + 2 + 1 + texts + 2 * headers(sample).size() + 2 + 512);
    }

    @Test
    void anEmptyResponseReadsBack() {
        byte[] value = CachedResponseCodec.encode(new CachedResponse(200, new DefaultHttpHeaders(), new byte[0]));
        assertThat(value).containsExactly(CachedResponseCodec.VERSION, 0, (byte) 200, 0, 0);
        CachedResponse read = CachedResponseCodec.decode(value);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEmpty();
        assertThat(read.headersCopy().isEmpty()).isTrue();
    }

    @Test
    void framingHeadersAreLeftOutAndBodiesOverTheLimitAreRefused() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Content-Length", "3").add("transfer-encoding", "chunked")
                .add("etag", "\"x\"");
        CachedResponse read = CachedResponseCodec.decode(CachedResponseCodec.encode(
                new CachedResponse(200, headers, "abc".getBytes(StandardCharsets.US_ASCII))));
        assertThat(read.headersCopy().names()).containsExactly("etag");

        assertThat(CachedResponseCodec.encode(new CachedResponse(200, new DefaultHttpHeaders(),
                new byte[StageCache.MAX_ENTRY_BYTES + 1]))).isNull();
        assertThat(CachedResponseCodec.decode(CachedResponseCodec.encode(new CachedResponse(200,
                new DefaultHttpHeaders(), new byte[StageCache.MAX_ENTRY_BYTES]))).body())
                .hasSize(StageCache.MAX_ENTRY_BYTES);
    }

    @Test
    void headersThatWouldNotReadBackAreNotStored() {
        HttpHeaders split = UNCHECKED.newHeaders().add("x-a", "1\r\nSet-Cookie: x=1");
        assertThat(CachedResponseCodec.encode(new CachedResponse(200, split, new byte[0]))).isNull();
        HttpHeaders badName = UNCHECKED.newHeaders().add("x a", "1");
        assertThat(CachedResponseCodec.encode(new CachedResponse(200, badName, new byte[0]))).isNull();
    }

    @Test
    void everyTruncationAndEveryExtraByteIsRefused() {
        byte[] value = CachedResponseCodec.encode(sample());
        for (int length = 0; length < value.length; length++) {
            assertThat(CachedResponseCodec.decode(Arrays.copyOf(value, length))).as("cut to %d bytes", length).isNull();
        }
        assertThat(CachedResponseCodec.decode(Arrays.copyOf(value, value.length + 1))).isNull();
        assertThat(CachedResponseCodec.decode(null)).isNull();
    }

    @Test
    void otherVersionsStatusesAndHeadersAreRefused() {
        byte[] value = CachedResponseCodec.encode(sample());
        byte[] version = value.clone();
        version[0] = 2;
        assertThat(CachedResponseCodec.decode(version)).isNull();
        byte[] status = value.clone();
        status[1] = 0x7F;
        assertThat(CachedResponseCodec.decode(status)).isNull();
        assertThat(CachedResponseCodec.decode(handMade("x-a", "1\r\nSet-Cookie: x=1"))).isNull();
        assertThat(CachedResponseCodec.decode(handMade("x a", "1"))).isNull();
        assertThat(CachedResponseCodec.decode(handMade("", "1"))).isNull();
        assertThat(CachedResponseCodec.decode(handMade("content-length", "9"))).isNull();
        assertThat(CachedResponseCodec.decode(handMade("Transfer-Encoding", "chunked"))).isNull();
        assertThat(CachedResponseCodec.decode(handMade("x-a", "ok"))).isNotNull();
        // a value that is not UTF-8 (a lone continuation byte)
        byte[] notUtf8 = handMade("x-a", "ok");
        notUtf8[notUtf8.length - 4] = (byte) 0x80;
        assertThat(CachedResponseCodec.decode(notUtf8)).isNull();
        // a header count far past what the value can hold
        assertThat(CachedResponseCodec.decode(new byte[] {1, 0, (byte) 200, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0x07, 0})).isNull();
        // a length written longer than it needs (0 as two bytes)
        assertThat(CachedResponseCodec.decode(new byte[] {1, 0, (byte) 200, (byte) 0x80, 0, 0})).isNull();
        // a varint longer than five bytes
        assertThat(CachedResponseCodec.decode(new byte[] {1, 0, (byte) 200, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0, 0})).isNull();
    }

    /** A value of one header ({@code name: value}, ASCII) and a two-byte body, written by hand. */
    private static byte[] handMade(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[3 + 1 + 1 + n.length + 1 + v.length + 1 + 2];
        int i = 0;
        out[i++] = 1;
        out[i++] = 0;
        out[i++] = (byte) 200;
        out[i++] = 1;
        out[i++] = (byte) n.length;
        System.arraycopy(n, 0, out, i, n.length);
        i += n.length;
        out[i++] = (byte) v.length;
        System.arraycopy(v, 0, out, i, v.length);
        i += v.length;
        out[i++] = 2;
        out[i++] = 'o';
        out[i] = 'k';
        return out;
    }

    @Test
    void randomDamageNeverThrowsAndWhatReadsBackIsWellFormed() {
        byte[] value = CachedResponseCodec.encode(sample());
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = value.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            CachedResponse read = CachedResponseCodec.decode(damaged);
            if (read != null) {
                assertThat(read.status()).isBetween(100, 599);
                for (Map.Entry<String, String> header : read.headersCopy()) {
                    assertThat(CachedResponseCodec.isToken(header.getKey())).isTrue();
                    assertThat(CachedResponseCodec.isFieldValue(header.getValue())).isTrue();
                }
                // what reads back writes back to the same bytes
                assertThat(CachedResponseCodec.encode(read)).isEqualTo(damaged);
            }
        }
    }
}
