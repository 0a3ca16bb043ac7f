package io.tollgate.core.edge;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Puts a gateway's edge limits ({@link EdgeSettings}) on a Reactor Netty HTTP server: strict request framing, the
 * request header, body idle and keep-alive timeouts, connection limits, and a request body that fails to decode
 * signalled as a failure of the body stream rather than as its end. Applies to HTTP/1.1 connections.
 */
public final class Edge {

    static final String RAW_HANDLER = "tollgate.edge.raw";
    static final String HANDLER = "tollgate.edge";

    private Edge() {
    }

    /** {@code server} with the edge limits of {@code settings}. */
    public static HttpServer apply(HttpServer server, EdgeSettings settings) {
        ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections(), settings.maxConnectionsPerAddress());
        return server
                .idleTimeout(settings.keepAliveTimeout())
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    ChannelPipeline pipeline = channel.pipeline();
                    if (pipeline.get(NettyPipeline.HttpCodec) == null || pipeline.get(HANDLER) != null) {
                        return;
                    }
                    EdgeHandler handler = new EdgeHandler(settings, limiter);
                    pipeline.addBefore(NettyPipeline.HttpCodec, RAW_HANDLER, handler.rawBytes());
                    pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, handler);
                });
    }
}
