package io.tollgate.core.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What waits to be sent to one client, bounded by bytes: at most {@code capacity} bytes are queued (one message more
 * when the queue is empty, so that any message fits). Each is a heap copy, made a frame only when the writer takes it
 * ({@link #frames()}), so nothing pooled waits here. Three ways in: {@link #push} (a pushed message: refused when it
 * does not fit), {@link #enqueue} (an answer: waits for room), {@link #offer} (a pong: dropped when it does not fit, as
 * RFC 6455 allows). Thread-safe.
 */
final class OutboundQueue {

    private final int capacity;
    private final Object lock = new Object();
    private final Sinks.Many<Outgoing> sink = Sinks.many().unicast().onBackpressureBuffer();
    // guarded by lock
    private long queued;
    private @Nullable Waiting waiting;
    private boolean done;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /** The frames to write, as the writer asks for them; ends once {@link #complete()} was called and all are taken. */
    Flux<WebSocketFrame> frames() {
        return sink.asFlux().doOnNext(this::taken).map(Outgoing::frame);
    }

    /** Queues {@code outgoing} if it fits; false when it does not. Throws nothing: the caller says why. */
    boolean push(Outgoing outgoing) {
        synchronized (lock) {
            if (done || !fits(outgoing)) {
                return false;
            }
            emit(outgoing);
            return true;
        }
    }

    /** Whether nothing more can be queued: the connection is ending. */
    boolean isDone() {
        synchronized (lock) {
            return done;
        }
    }

    /** Queues {@code outgoing}, waiting for room when the queue is full; completes at once when it is done. */
    Mono<Void> enqueue(Outgoing outgoing) {
        return Mono.create(caller -> {
            synchronized (lock) {
                if (done) {
                    caller.success();
                } else if (fits(outgoing)) {
                    emit(outgoing);
                    caller.success();
                } else {
                    waiting = new Waiting(outgoing, caller);
                }
            }
        });
    }

    /** Queues what may be dropped (a pong): only when it fits without going over. */
    void offer(Outgoing outgoing) {
        synchronized (lock) {
            if (!done && queued + outgoing.size() <= capacity) {
                emit(outgoing);
            }
        }
    }

    /** Nothing more is queued; what is queued is still written. Once. */
    void complete() {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            Waiting next = waiting;
            waiting = null;
            if (next != null) {
                next.caller().success();
            }
            sink.tryEmitComplete();
        }
    }

    /** Under the lock. */
    private boolean fits(Outgoing outgoing) {
        return queued == 0 || queued + outgoing.size() <= capacity;
    }

    /** Under the lock. */
    private void emit(Outgoing outgoing) {
        queued += outgoing.size();
        if (sink.tryEmitNext(outgoing).isFailure()) {
            queued -= outgoing.size();
        }
    }

    /** The writer took {@code outgoing}: room for what waits. */
    private void taken(Outgoing outgoing) {
        synchronized (lock) {
            queued -= outgoing.size();
            Waiting next = waiting;
            if (next != null && fits(next.outgoing())) {
                waiting = null;
                emit(next.outgoing());
                next.caller().success();
            }
        }
    }

    /** An answer that waits for room. */
    private record Waiting(Outgoing outgoing, MonoSink<Void> caller) {
    }

    /** Whether {@code bytes} are UTF-8 (text a WebSocket text message may carry). */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** What waits to be sent: a message (text or binary) or a pong, as bytes. */
    record Outgoing(byte[] bytes, int kind) {

        static final int TEXT = 0;
        static final int BINARY = 1;
        static final int PONG = 2;

        /** A message: text when it is UTF-8, else binary. */
        static Outgoing message(byte[] bytes) {
            return new Outgoing(bytes, isUtf8(bytes) ? TEXT : BINARY);
        }

        /**
         * AWS's frame for a message the gateway answers itself, spaced as AWS spaces it:
         * {@code {"message": "Forbidden", "connectionId":"...", "requestId":"..."}}.
         */
        static Outgoing awsError(String message, String connectionId, String requestId) {
            String json = "{\"message\": \"" + Json.escape(message) + "\", \"connectionId\":\""
                    + Json.escape(connectionId) + "\", \"requestId\":\"" + Json.escape(requestId) + "\"}";
            return new Outgoing(json.getBytes(StandardCharsets.UTF_8), TEXT);
        }

        int size() {
            return bytes.length;
        }

        WebSocketFrame frame() {
            ByteBuf content = Unpooled.wrappedBuffer(bytes);
            return switch (kind) {
                case TEXT -> new TextWebSocketFrame(content);
                case BINARY -> new BinaryWebSocketFrame(content);
                default -> new PongWebSocketFrame(content);
            };
        }
    }
}
