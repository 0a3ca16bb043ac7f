package io.tollgate.core.cache;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;

/**
 * A copy of a streamed body taken as its buffers pass to the client (their indices and reference counts untouched),
 * given up past {@code max} bytes. Signals of one stream are serial, so it needs no locking.
 */
final class BodyCopy {

    private final int max;
    /** The body's {@code Content-Length}, or -1 when it has none. */
    private final long expected;
    private byte @Nullable [] bytes;
    private int length;

    BodyCopy(int max, long expectedLength) {
        this.max = max;
        this.expected = expectedLength;
        this.bytes = new byte[expectedLength >= 0 && expectedLength <= max ? (int) expectedLength : Math.min(max, 8192)];
    }

    void add(ByteBuf buffer) {
        if (bytes == null) {
            return;
        }
        int n = buffer.readableBytes();
        if (length + n > max) {
            bytes = null;
            return;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(length + n, bytes.length * 2)));
        }
        buffer.getBytes(buffer.readerIndex(), bytes, length, n);
        length += n;
    }

    /** Whether the copy holds all of a body whose length was announced: it is whole before the body says it ended. */
    boolean whole() {
        return bytes != null && expected >= 0 && length == expected;
    }

    /** The whole body, or null when it was larger than the bound. */
    byte @Nullable [] bytes() {
        if (bytes == null) {
            return null;
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
