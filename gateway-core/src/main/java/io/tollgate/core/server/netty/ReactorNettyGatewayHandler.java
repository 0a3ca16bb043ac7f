package io.tollgate.core.server.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import java.util.function.Supplier;

/**
 * Serves the gateway directly on Reactor Netty, with no framework in between. In an application,
 * {@link #claimRoutes} puts it ahead of the application's own handler: requests that match an explicit gateway route
 * are served here, everything else falls through (to WebFlux, where the application's endpoints, the {@code $default}
 * route and the unmatched-route responses are served), with its resolution handed over ({@link GatewayEntry}).
 * Standalone, {@link #serveAll} answers every request.
 */
public final class ReactorNettyGatewayHandler {

    private final GatewayEntry entry;

    public ReactorNettyGatewayHandler(GatewayEntry entry) {
        this.entry = entry;
    }

    /** A handler serving a gateway that never changes. */
    public ReactorNettyGatewayHandler(Gateway gateway) {
        this(GatewayEntry.of(gateway));
    }

    /** Registers the gateway's explicit routes ahead of whatever {@code routes} handles next. */
    public HttpServerRoutes claimRoutes(HttpServerRoutes routes) {
        return routes.route(this::claim, this::handleClaimed);
    }

    /**
     * Registers the explicit routes of the handler {@code handler} supplies, asked for when requests come: a server
     * can then be made before its gateway is built (an application's server is made before its other beans, and a
     * gateway's configuration error should fail as itself, not as the server's).
     */
    public static HttpServerRoutes claimRoutes(HttpServerRoutes routes, Supplier<ReactorNettyGatewayHandler> handler) {
        return routes.route(request -> handler.get().claim(request),
                (request, response) -> handler.get().handleClaimed(request, response));
    }

    /** Registers a handler for every request (a gateway running without an application around it). */
    public HttpServerRoutes serveAll(HttpServerRoutes routes) {
        return routes.route(request -> true, this::handleAny);
    }

    /**
     * Reactor Netty evaluates a route's condition and then, on the same thread, its handler, or the next route's
     * condition: the resolution is handed over to whichever comes.
     */
    private boolean claim(HttpServerRequest request) {
        Resolution resolution = entry.resolve(request);
        entry.handOver(request, resolution);
        return resolution != null && resolution.explicit();
    }

    private Publisher<Void> handleClaimed(HttpServerRequest request, HttpServerResponse response) {
        Resolution resolution = entry.resolveOnce(request);
        if (resolution == null) {
            // the claim was taken on another thread and this request resolves elsewhere now (a swapped gateway)
            return notFound(response);
        }
        return entry.serve(resolution, request, ReplyTarget.of(response));
    }

    private Publisher<Void> handleAny(HttpServerRequest request, HttpServerResponse response) {
        Resolution resolution = entry.resolve(request);
        return resolution == null ? notFound(response) : entry.serve(resolution, request, ReplyTarget.of(response));
    }

    private static Mono<Void> notFound(HttpServerResponse response) {
        return response.status(HttpResponseStatus.NOT_FOUND)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just("{\"message\":\"Not Found\"}")).then();
    }

    /** Writes a finished reply to Reactor Netty's response ({@link ReplyWriter}). */
    public static Mono<Void> write(Reply reply, HttpServerResponse response) {
        return ReplyWriter.write(reply, ReplyTarget.of(response));
    }
}
