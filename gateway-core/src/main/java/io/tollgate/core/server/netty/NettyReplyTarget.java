package io.tollgate.core.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.server.HttpServerResponse;

/** Reactor Netty's server response as a {@link ReplyTarget}. */
record NettyReplyTarget(HttpServerResponse response) implements ReplyTarget {

    @Override
    public void head(int status, HttpHeaders headers, long contentLength) {
        response.status(status);
        response.headers(headers);
        if (contentLength >= 0) {
            response.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(contentLength));
        }
    }

    @Override
    public Mono<Void> send(byte[] body) {
        return response.sendByteArray(Mono.just(body)).then();
    }

    @Override
    public Mono<Void> send(Flux<ByteBuf> body) {
        return response.send(body).then();
    }

    @Override
    public Mono<Void> sendEmpty() {
        return response.send().then();
    }

    @Override
    public Mono<Void> upgrade(HttpHeaders headers, WebSocketUpgrade upgrade) {
        response.headers(headers);
        int inflated = upgrade.maxInflatedFrameSize();
        WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
                .handlePing(true) // pings pass to the handler, which answers them
                .compress(inflated > 0)
                .maxFramePayloadLength(upgrade.maxFramePayloadLength());
        if (inflated > 0) {
            // a frame inflating beyond it fails the inbound (Netty's DecompressionException), never a buffer without bound
            spec.maxDecompressionBufferSize(inflated);
        }
        String subprotocol = upgrade.subprotocol();
        if (subprotocol != null) {
            spec.protocols(subprotocol);
        }
        return response.sendWebsocket(upgrade::relay, spec.build());
    }
}
