package io.tollgate.core.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tollgate.core.api.WebSocketSettings;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;

/**
 * A connection's messages put together from the client's data frames (text, binary and their continuations), checked
 * as AWS's quotas and RFC 6455 say: a message over the API's size is refused with 1009, a binary one with 1003 unless
 * the API allows them, text that is not UTF-8 with 1007. One per connection, used by its reading thread alone. The
 * buffer grows by doubling up to the message size, and one that grew large is not kept for the connection's life.
 */
final class MessageAssembly {

    /** What a data frame made: nothing yet (null: more frames to come), a whole {@link Message}, or a {@link Refusal}. */
    sealed interface Step permits Message, Refusal {
    }

    /** A whole message from the client. */
    record Message(byte[] bytes, boolean binary) implements Step {
    }

    /** The connection must be closed with {@code code} and {@code reason} for what the client sent. */
    record Refusal(int code, String reason) implements Step {
    }

    /** A message over the API's message size. */
    static final Refusal TOO_BIG = new Refusal(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "Message too big");
    private static final Refusal BINARY = new Refusal(WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code(),
            "Binary messages are not supported");
    private static final Refusal NOT_UTF8 = new Refusal(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(),
            "Invalid UTF-8 in a text message");
    /** A buffer larger than this is let go once its message is whole. */
    private static final int KEPT = 4096;

    private final int maxMessageSize;
    private final boolean binaryMessages;
    private byte @Nullable [] buffer;
    private int length;
    private boolean binary;

    MessageAssembly(WebSocketSettings settings) {
        this.maxMessageSize = settings.maxMessageSize();
        this.binaryMessages = settings.binaryMessages();
    }

    /** Adds a data frame (text, binary or continuation; not a control frame) to the message being put together. */
    @Nullable Step add(WebSocketFrame frame) {
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            binary = frame instanceof BinaryWebSocketFrame;
            length = 0;
            if (binary && !binaryMessages) {
                return refused(BINARY);
            }
        }
        ByteBuf content = frame.content();
        int size = content.readableBytes();
        if ((long) length + size > maxMessageSize) {
            return refused(TOO_BIG);
        }
        byte[] into = buffer;
        if (into == null || into.length < length + size) {
            into = Arrays.copyOf(into == null ? new byte[Math.max(256, size)] : into,
                    Math.max(length + size, into == null ? 0 : Math.min(into.length * 2, maxMessageSize)));
            buffer = into;
        }
        content.getBytes(content.readerIndex(), into, length, size);
        length += size;
        if (!frame.isFinalFragment()) {
            return null;
        }
        byte[] whole = Arrays.copyOf(into, length);
        buffer = into.length > KEPT ? null : into;
        length = 0;
        if (!binary && !OutboundQueue.isUtf8(whole)) {
            return refused(NOT_UTF8);
        }
        return new Message(whole, binary);
    }

    private Refusal refused(Refusal refusal) {
        buffer = null;
        length = 0;
        return refusal;
    }
}
