package io.tollgate.core.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.RequestBodyException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.Connection;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/** An {@link InboundRequest} over Reactor Netty's server request: no copying, the body streams as it arrives. */
public final class ReactorNettyInboundRequest implements InboundRequest {

    private final HttpServerRequest request;
    private final String rawPath;
    private final @Nullable String rawQuery;

    public ReactorNettyInboundRequest(HttpServerRequest request) {
        this.request = request;
        String uri = request.uri();
        int q = uri.indexOf('?');
        this.rawPath = rawPath(uri);
        this.rawQuery = q < 0 ? null : uri.substring(q + 1);
    }

    /**
     * The raw path of a request target: before its query, without a fragment, and for an absolute-form target
     * ({@code http://host/path}) its path only. Every door resolves a request by this path.
     */
    public static String rawPath(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int fragment = path.indexOf('#');
        return fragment < 0 ? path : path.substring(0, fragment);
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public @Nullable String rawQuery() {
        return rawQuery;
    }

    @Override
    public HttpHeaders headers() {
        return request.requestHeaders();
    }

    @Override
    public Flux<ByteBuf> body() {
        // the stream fails only with RequestBodyException: broken or stalled (signalled by the edge), or the
        // client went away (Reactor Netty's AbortedException)
        return ByteBufFlux.fromInbound(new OneTerminalSignal(request.receiveObject()))
                .onErrorMap(e -> !(e instanceof RequestBodyException), RequestBodyException::aborted);
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public String scheme() {
        return request.scheme();
    }

    @Override
    public String protocol() {
        return request.protocol();
    }

    @Override
    public boolean canUpgrade() {
        return true;
    }

    @Override
    public Mono<Void> abortConnection() {
        if (!(request instanceof Connection connection)) {
            return Mono.empty();
        }
        // in a task on the connection's loop, after the writes already handed to it: what came is flushed, then closed
        Channel channel = connection.channel();
        return Mono.create(sink -> channel.eventLoop().execute(() -> {
            channel.flush();
            channel.close().addListener(closed -> sink.success());
        }));
    }
}
