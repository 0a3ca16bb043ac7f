package io.tollgate.core.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/** The request as the client sent it. Implemented over Reactor Netty's server request, and by tests. */
public interface InboundRequest {

    /** The method, upper case as received ({@code GET}). */
    String method();

    /** The path exactly as received, without the query string. */
    String rawPath();

    /** The raw query string without {@code ?}, or {@code null} when there is none. */
    @Nullable String rawQuery();

    /** The request headers (case-insensitive). */
    HttpHeaders headers();

    /**
     * The body as it arrives. Each buffer is released by the transport after {@code onNext} returns: a subscriber that
     * keeps one must retain it. Subscribe at most once.
     */
    Flux<ByteBuf> body();

    /** The peer's address (the direct client, not {@code X-Forwarded-For}); null when the transport has none. */
    @Nullable InetSocketAddress remoteAddress();

    /** {@code http} or {@code https}. */
    String scheme();

    /** {@code HTTP/1.1}, {@code HTTP/2.0}. */
    String protocol();

    /** True when the request announces a body ({@code Content-Length > 0} or {@code Transfer-Encoding}). */
    default boolean hasBody() {
        HttpHeaders headers = headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        return length != null && !length.equals("0");
    }

    /**
     * Closes the client's connection at once, for a response that failed after it had begun: it must never look
     * finished to the client. Completes when the connection is closed. A request that cannot do this fails instead,
     * so that whoever writes the response fails it rather than ending it.
     */
    default Mono<Void> abortConnection() {
        return Mono.error(new IllegalStateException("this request cannot close its client's connection"));
    }

    /**
     * Whether this request's connection can switch to WebSocket (a reply {@link Reply#upgrade}); when it cannot, a
     * WebSocket handshake is forwarded as an ordinary request.
     */
    default boolean canUpgrade() {
        return false;
    }
}
