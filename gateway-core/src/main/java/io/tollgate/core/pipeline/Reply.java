package io.tollgate.core.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * What a pipeline answers: a status, headers and a body, or a {@link GatewayError} that is rendered (and customised)
 * in one place when the reply is written. A streamed body is handed over untouched; whoever drops a reply without
 * writing its body must call {@link #discard()} so the backend connection is released.
 */
public final class Reply {

    private static final Runnable NOTHING = () -> { };

    private final int status;
    private final HttpHeaders headers;
    private final @Nullable Flux<ByteBuf> body;
    private final byte @Nullable [] bytes;
    private final Runnable discard;
    private final @Nullable GatewayError error;
    private final @Nullable WebSocketUpgrade upgrade;

    private Reply(int status, HttpHeaders headers, @Nullable Flux<ByteBuf> body, byte @Nullable [] bytes,
                  Runnable discard, @Nullable GatewayError error) {
        this(status, headers, body, bytes, discard, error, null);
    }

    private Reply(int status, HttpHeaders headers, @Nullable Flux<ByteBuf> body, byte @Nullable [] bytes,
                  Runnable discard, @Nullable GatewayError error, @Nullable WebSocketUpgrade upgrade) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.bytes = bytes;
        this.discard = discard;
        this.error = error;
        this.upgrade = upgrade;
    }

    /**
     * A switch to the WebSocket protocol (101): the door completes the client's handshake and relays the session
     * ({@link WebSocketUpgrade}); discarding the reply abandons the backend's session.
     */
    public static Reply upgrade(HttpHeaders headers, WebSocketUpgrade upgrade) {
        return new Reply(101, headers, null, null, upgrade::abandon, null, Objects.requireNonNull(upgrade));
    }

    /** The WebSocket session this reply switches to, or null for an ordinary reply. */
    public @Nullable WebSocketUpgrade upgrade() {
        return upgrade;
    }

    /** A reply with a body held in memory (written with a {@code Content-Length}). */
    public static Reply of(int status, HttpHeaders headers, byte[] body) {
        return new Reply(status, headers, null, Objects.requireNonNull(body), NOTHING, null);
    }

    /**
     * A reply whose body streams from {@code body}; {@code discard} releases it if it is never written. It runs at
     * most once, however many of the reply's holders discard it.
     */
    public static Reply streaming(int status, HttpHeaders headers, Flux<ByteBuf> body, Runnable discard) {
        AtomicBoolean discarded = new AtomicBoolean();
        return new Reply(status, headers, body, null, () -> {
            if (discarded.compareAndSet(false, true)) {
                discard.run();
            }
        }, null);
    }

    /** An error the gateway answers itself. */
    public static Reply error(GatewayError error) {
        return new Reply(error.status(), new DefaultHttpHeaders(), null, null, NOTHING, error);
    }

    /** {@link #error(GatewayError)} as a {@code Mono}. */
    public static Mono<Reply> errorMono(GatewayError error) {
        return Mono.just(error(error));
    }

    public int status() {
        return status;
    }

    /** The headers, mutable until the reply is written. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The gateway error this reply stands for, or {@code null} for an ordinary reply. */
    public @Nullable GatewayError error() {
        return error;
    }

    public boolean isError() {
        return error != null;
    }

    /** The body held in memory, or {@code null} when it streams (or the reply is an error). */
    public byte @Nullable [] bytes() {
        return bytes;
    }

    /** The body as buffers: the stream, the bytes wrapped, or empty. */
    public Flux<ByteBuf> body() {
        if (body != null) {
            return body;
        }
        if (bytes != null && bytes.length > 0) {
            return Flux.just(Unpooled.wrappedBuffer(bytes));
        }
        return Flux.empty();
    }

    /** Whether the body streams from a source that must be released when unused. */
    public boolean isStreaming() {
        return body != null;
    }

    /** Releases the body without writing it. */
    public void discard() {
        discard.run();
    }

    /** The {@code Content-Length} of {@code headers}, or -1 when there is none or it is not a number. */
    public static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The same reply with its streamed body passed through {@code change} (a reply that does not stream, unchanged). */
    public Reply withBody(UnaryOperator<Flux<ByteBuf>> change) {
        return body == null ? this : new Reply(status, headers, change.apply(body), bytes, discard, error, upgrade);
    }

    /** The same reply with another status. */
    public Reply withStatus(int newStatus) {
        return upgrade != null ? this : new Reply(newStatus, headers, body, bytes, discard, error, null);
    }
}
