package io.tollgate.autoconfigure.webflux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.InboundRequest;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A WebFlux request without Reactor Netty's request under it (a mock exchange of {@code WebTestClient} in a
 * mock-environment {@code @SpringBootTest}, or another server) as the gateway's {@link InboundRequest}. Not the hot
 * path: each body buffer is copied, and WebFlux's released at once.
 */
final class ServerHttpInboundRequest implements InboundRequest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final ServerHttpRequest request;
    private final HttpHeaders headers;

    ServerHttpInboundRequest(ServerHttpRequest request) {
        this.request = request;
        this.headers = new DefaultHttpHeaders();
        for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
            headers.add(header.getKey(), header.getValue());
        }
    }

    @Override
    public String method() {
        return request.getMethod().name();
    }

    @Override
    public String rawPath() {
        return request.getURI().getRawPath();
    }

    @Override
    public String rawQuery() {
        return request.getURI().getRawQuery();
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public Flux<ByteBuf> body() {
        return request.getBody().map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return Unpooled.wrappedBuffer(bytes);
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    /** The client's address; a mock request has none, and is taken as local. */
    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null ? remote : LOOPBACK;
    }

    @Override
    public String scheme() {
        String scheme = request.getURI().getScheme();
        return scheme == null ? "http" : scheme;
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }
}
