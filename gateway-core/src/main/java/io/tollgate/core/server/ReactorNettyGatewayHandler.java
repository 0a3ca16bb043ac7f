package io.tollgate.core.server;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tollgate.core.pipeline.Reply;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Serves a {@link Gateway} directly on Reactor Netty, with no framework in between. In an application,
 * {@link #claimRoutes} puts it ahead of the application's own handler: requests that match an explicit gateway route
 * are served here, everything else falls through (to WebFlux, where the application's endpoints, the {@code $default}
 * route and the unmatched-route responses are served). Standalone, {@link #serveAll} answers every request.
 */
public final class ReactorNettyGatewayHandler {

    private final Gateway gateway;
    private final ThreadLocal<Claim> claims = ThreadLocal.withInitial(Claim::new);

    public ReactorNettyGatewayHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    /** Reactor Netty evaluates a route's condition and then, on the same thread, its handler: the claim carries the match. */
    private static final class Claim {
        HttpServerRequest request;
        Resolution resolution;
    }

    /** Registers the gateway's explicit routes ahead of whatever {@code routes} handles next. */
    public HttpServerRoutes claimRoutes(HttpServerRoutes routes) {
        return routes.route(this::claim, this::handleClaimed);
    }

    /** Registers a handler for every request (a gateway running without an application around it). */
    public HttpServerRoutes serveAll(HttpServerRoutes routes) {
        return routes.route(request -> true, this::handleAny);
    }

    private boolean claim(HttpServerRequest request) {
        String method = request.method().name();
        Resolution resolution = gateway.resolve(method, rawPath(request.uri()),
                Gateway.isPreflight(method, request.requestHeaders()));
        if (resolution == null || !resolution.explicit()) {
            return false;
        }
        Claim claim = claims.get();
        claim.request = request;
        claim.resolution = resolution;
        return true;
    }

    private Publisher<Void> handleClaimed(HttpServerRequest request, HttpServerResponse response) {
        Claim claim = claims.get();
        Resolution resolution = claim.request == request ? claim.resolution : null;
        claim.request = null;
        claim.resolution = null;
        if (resolution == null) {
            resolution = gateway.resolve(request.method().name(), rawPath(request.uri()));
        }
        return serve(resolution, request, response);
    }

    private Publisher<Void> handleAny(HttpServerRequest request, HttpServerResponse response) {
        Resolution resolution = gateway.resolve(request.method().name(), rawPath(request.uri()));
        if (resolution == null) {
            return response.status(HttpResponseStatus.NOT_FOUND)
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just("{\"message\":\"Not Found\"}"));
        }
        return serve(resolution, request, response);
    }

    private Publisher<Void> serve(Resolution resolution, HttpServerRequest request, HttpServerResponse response) {
        EventLoop loop = ConnectionLoop.of(request);
        return gateway.process(resolution, new ReactorNettyInboundRequest(request))
                .flatMap(reply -> ConnectionLoop.write(loop, reply, r -> write(r, response)))
                .doOnDiscard(Reply.class, Reply::discard);
    }

    /** Writes a finished reply: status, headers, and the body, streamed or with a {@code Content-Length}. */
    public static Mono<Void> write(Reply reply, HttpServerResponse response) {
        response.status(reply.status());
        response.headers(reply.headers());
        byte[] bytes = reply.bytes();
        if (bytes != null) {
            response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
            return bytes.length == 0 ? response.send().then() : response.sendByteArray(Mono.just(bytes)).then();
        }
        if (reply.isStreaming()) {
            // a connection that is gone before the body is asked for (the client left, or retried on another
            // connection) never subscribes to it: the reply is then discarded, so its backend connection is released
            // and whoever waits for it (a stage cache's coalesced misses) hears that it ended
            java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
            return response.send(reply.body().doOnSubscribe(s -> subscribed.set(true))).then()
                    .doFinally(signal -> {
                        if (!subscribed.get()) {
                            reply.discard();
                        }
                    });
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, "0");
        return response.send().then();
    }

    static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
