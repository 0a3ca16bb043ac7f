package io.tollgate.autoconfigure.webflux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import io.tollgate.core.server.netty.ReplyTarget;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.util.Map;

/** WebFlux's response (over Reactor Netty, or a mock one in tests) as the target of the gateway's one reply writer. */
record WebFluxReplyTarget(ServerHttpResponse response) implements ReplyTarget {

    @Override
    public void head(int status, HttpHeaders headers, long contentLength) {
        response.setStatusCode(HttpStatusCode.valueOf(status));
        for (Map.Entry<String, String> header : headers) {
            response.getHeaders().add(header.getKey(), header.getValue());
        }
        if (contentLength >= 0) {
            response.getHeaders().setContentLength(contentLength);
        }
    }

    @Override
    public Mono<Void> send(byte[] body) {
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    @Override
    public Mono<Void> send(Flux<ByteBuf> body) {
        if (response.bufferFactory() instanceof NettyDataBufferFactory netty) {
            return response.writeWith(body.map(netty::wrap));
        }
        // not over Reactor Netty (a mock response): the bytes are copied and the buffer released
        DataBufferFactory factory = response.bufferFactory();
        return response.writeWith(body.map(buffer -> {
            try {
                return factory.wrap(ByteBufUtil.getBytes(buffer));
            } finally {
                buffer.release();
            }
        }));
    }

    @Override
    public Mono<Void> sendEmpty() {
        return response.setComplete();
    }

    /**
     * Over Reactor Netty, the handshake is completed on its response, as Spring's own WebSocket support does: WebFlux's
     * response committed first (its pre-commit actions run, nothing is written), then Reactor Netty's switches
     * protocols. Elsewhere (a mock response) the session is abandoned and the reply fails.
     */
    @Override
    public Mono<Void> upgrade(HttpHeaders headers, WebSocketUpgrade upgrade) {
        HttpServerResponse nativeResponse;
        try {
            nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return ReplyTarget.super.upgrade(headers, upgrade);
        }
        return response.setComplete()
                .then(Mono.defer(() -> ReplyTarget.of(nativeResponse).upgrade(headers, upgrade)))
                .doFinally(signal -> upgrade.abandon()); // nothing once relaying: only a session never handed over
    }
}
