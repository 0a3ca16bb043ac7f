package io.tollgate.core.server.netty;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import java.util.function.Function;

/**
 * The one way into the gateway, whichever door a request comes by (the Reactor Netty claim, or WebFlux): each
 * request is resolved once, on the gateway {@link LiveGateway#current() current} at that moment, and served by that
 * gateway through the one {@link ReplyWriter}.
 *
 * <p>A door that resolved a request and lets it through to the next door ({@link ReactorNettyGatewayHandler} to
 * WebFlux, for a {@code $default} route the application may claim first) hands its resolution over
 * ({@link #handOver}); the next door takes it ({@link #resolveOnce}) instead of resolving again. The hand-over is
 * per thread and checked by identity: a door on another thread resolves afresh, never with another request's answer.
 */
public final class GatewayEntry {

    private final LiveGateway live;
    private final ThreadLocal<HandOver> handOvers = ThreadLocal.withInitial(HandOver::new);

    public GatewayEntry(LiveGateway live) {
        this.live = live;
    }

    /** An entry to a gateway that never changes. */
    public static GatewayEntry of(Gateway gateway) {
        return new GatewayEntry(new LiveGateway(gateway));
    }

    public LiveGateway live() {
        return live;
    }

    /** A resolution handed from one door to the next. */
    private static final class HandOver {
        @Nullable Object request;
        @Nullable Resolution resolution;
    }

    /** Resolves {@code request} on the current gateway: {@code null} when it is outside every API. */
    public @Nullable Resolution resolve(HttpServerRequest request) {
        String method = request.method().name();
        HttpHeaders headers = request.requestHeaders();
        // a request is placed by its headers only on a sticky canary: otherwise no lookup is made for it
        return resolve(method, ReactorNettyInboundRequest.rawPath(request.uri()), Gateway.isPreflight(method, headers),
                live.current().readsHeaders() ? headers::get : Gateway.NO_HEADERS);
    }

    /** Resolves a request known by its method and raw path (a door without Reactor Netty's request). */
    public @Nullable Resolution resolve(String method, String rawPath, boolean preflight) {
        return live.current().resolve(method, rawPath, preflight);
    }

    /** Resolves a request known by its method, raw path and headers (first value by name). */
    public @Nullable Resolution resolve(String method, String rawPath, boolean preflight,
                                        Function<String, @Nullable String> headers) {
        return live.current().resolve(method, rawPath, preflight, headers);
    }

    /** Leaves {@code resolution} (null: outside every API) for the next door that sees {@code request} on this thread. */
    public void handOver(Object request, @Nullable Resolution resolution) {
        HandOver handOver = handOvers.get();
        handOver.request = request;
        handOver.resolution = resolution;
    }

    /** The resolution handed over for {@code request} (taken: it is not handed twice), or {@code request} resolved now. */
    public @Nullable Resolution resolveOnce(HttpServerRequest request) {
        HandOver handOver = handOvers.get();
        if (handOver.request == request) {
            Resolution resolution = handOver.resolution;
            handOver.request = null;
            handOver.resolution = null;
            return resolution;
        }
        return resolve(request);
    }

    /**
     * Serves a resolved request: its pipeline runs on the gateway that resolved it, and the reply is written to
     * {@code target} in a task on the request's connection loop ({@link ConnectionLoop}); a reply that is never
     * written is discarded.
     */
    public Mono<Void> serve(Resolution resolution, HttpServerRequest request, ReplyTarget target) {
        EventLoop loop = ConnectionLoop.of(request);
        return resolution.gateway().process(resolution, new ReactorNettyInboundRequest(request))
                .flatMap(reply -> ConnectionLoop.write(loop, reply, r -> ReplyWriter.write(r, target)))
                .doOnDiscard(Reply.class, Reply::discard);
    }

    /**
     * Serves a resolved request that came without Reactor Netty's request (a door over a mock exchange in a test, or
     * another server): its pipeline runs on the gateway that resolved it, and the reply is written to {@code target}
     * where the pipeline ends; a reply that is never written is discarded.
     */
    public Mono<Void> serve(Resolution resolution, InboundRequest request, ReplyTarget target) {
        return resolution.gateway().process(resolution, request)
                .flatMap(reply -> ReplyWriter.write(reply, target))
                .doOnDiscard(Reply.class, Reply::discard);
    }
}
