package io.tollgate.core.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A transport's response, as {@link ReplyWriter} writes it: the head first, then exactly one of the sends. Reactor
 * Netty's response is one ({@link #of}); the starter adapts WebFlux's.
 */
public interface ReplyTarget {

    /** Sets the status and the headers; {@code contentLength} is -1 when the body streams with no known length. */
    void head(int status, HttpHeaders headers, long contentLength);

    /** Sends a whole body (never empty). */
    Mono<Void> send(byte[] body);

    /** Streams a body; the transport subscribes to it when the connection is ready for it, or never. */
    Mono<Void> send(Flux<ByteBuf> body);

    /** Ends the response with no body. */
    Mono<Void> sendEmpty();

    /**
     * Completes the client's WebSocket handshake with {@code headers} and relays the session through {@code upgrade};
     * a transport that cannot upgrade abandons it and fails.
     */
    default Mono<Void> upgrade(HttpHeaders headers, WebSocketUpgrade upgrade) {
        upgrade.abandon();
        return Mono.error(new IllegalStateException("this transport cannot switch to WebSocket"));
    }

    /** Reactor Netty's response as a target. */
    static ReplyTarget of(HttpServerResponse response) {
        return new NettyReplyTarget(response);
    }
}
