package io.tollgate.core.server;

import io.netty.util.AsciiString;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestBodyException;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.GatewayResponseRenderer;
import io.tollgate.core.response.InvalidHeaderValueException;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.routing.InvalidPathException;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The compiled gateway, an immutable value: every API stage mounted at its path prefix, every route compiled into its
 * pipeline. It resolves a request to its mount and route, runs the pipeline and renders gateway errors, leaving the
 * transport (Reactor Netty directly, or WebFlux) to the adapters in {@code server.netty} and the starter. Build one
 * with {@link GatewayBuilder}; the server holds the one it serves in a {@link LiveGateway}. State that outlives a
 * request (buckets, quotas, stage caches, authorizer decisions, JWK sets) lives in the features it was built from,
 * not in this value, so a gateway rebuilt from the same features and swapped in keeps it.
 */
public final class Gateway {

    /** The request id header of REST APIs. */
    public static final String REST_REQUEST_ID_HEADER = "x-amzn-RequestId";
    /** The request id header of HTTP APIs. */
    public static final String HTTP_REQUEST_ID_HEADER = "apigw-requestid";
    /** The two as Netty's own header constants are: hashed once, not on every request (the case kept). */
    private static final AsciiString REST_REQUEST_ID = AsciiString.cached(REST_REQUEST_ID_HEADER);
    private static final AsciiString HTTP_REQUEST_ID = AsciiString.cached(HTTP_REQUEST_ID_HEADER);

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Client-caused failures: one line each, without a stack trace, and at most 60 a minute. */
    private static final RateLimitedLog invalidHeaders = new RateLimitedLog(log, 60);
    /** Backend faults after the answer began: one line each, at most 60 a minute. */
    private static final RateLimitedLog streamFaults = new RateLimitedLog(log, 60);

    /** Headers for a resolution that reads none: what a door passes when {@link #readsHeaders()} is false. */
    public static final Function<String, @Nullable String> NO_HEADERS = name -> null;

    private final List<Api> apis;
    private final Mount[] mounts;          // longest prefix first
    private final GatewayResponseRenderer renderer;
    private final Clock clock;
    private final boolean readsHeaders;

    Gateway(List<Api> apis, Mount[] mounts, GatewayResponseRenderer renderer, Clock clock) {
        this.apis = List.copyOf(apis);
        this.mounts = mounts;
        this.renderer = renderer;
        this.clock = clock;
        boolean sticky = false;
        for (Mount mount : mounts) {
            Mount canary = mount.canary();
            sticky |= canary != null && Objects.requireNonNull(canary.stage().canary()).sticky() != null;
        }
        this.readsHeaders = sticky;
    }

    /**
     * Whether resolving a request reads its headers (a stage has a sticky canary): when not, a door passes
     * {@link #NO_HEADERS} and makes no lookup of its request's headers for it.
     */
    public boolean readsHeaders() {
        return readsHeaders;
    }

    /** A builder with the {@link DefaultFeatures}; {@link GatewayBuilder#empty()} has none. */
    public static GatewayBuilder builder() {
        return GatewayBuilder.empty().features(DefaultFeatures.create());
    }

    public List<Api> apis() {
        return apis;
    }

    /** The mounts, longest prefix first. */
    public List<Mount> mounts() {
        return List.of(mounts);
    }

    /**
     * Resolves a request. Returns {@code null} when it is outside every API; otherwise the resolution, whose
     * {@link Resolution#explicit()} says whether a route other than {@code $default} matched it.
     */
    public @Nullable Resolution resolve(String method, String rawPath) {
        return resolve(method, rawPath, false);
    }

    /**
     * Resolves a request; a CORS preflight ({@code preflight}) to an API that handles CORS counts as explicit, since
     * the gateway answers it whatever the routes (AWS answers preflights without an OPTIONS route).
     */
    public @Nullable Resolution resolve(String method, String rawPath, boolean preflight) {
        return resolve(method, rawPath, preflight, NO_HEADERS);
    }

    /**
     * Resolves a request; {@code headers} gives its headers' first values by name (lower case), asked only on a stage
     * whose canary is sticky (which side a client is on).
     */
    public @Nullable Resolution resolve(String method, String rawPath, boolean preflight,
                                        Function<String, @Nullable String> headers) {
        Resolution resolution = resolveRoute(method, rawPath, headers);
        if (preflight && resolution != null && !resolution.explicit() && resolution.mount().api().cors() != null) {
            return new Resolution(this, resolution.mount(), resolution.path(), resolution.match(), resolution.handler(), true);
        }
        return resolution;
    }

    private @Nullable Resolution resolveRoute(String method, String rawPath, Function<String, @Nullable String> headers) {
        RequestPath path;
        try {
            path = RequestPath.parse(rawPath);
        } catch (InvalidPathException e) {
            Mount mount = mountByRawPrefix(rawPath);
            // answered by the gateway wherever it is served: never left to a framework's own URI parsing
            return mount == null ? null : new Resolution(this, mount, null, null, badPath(e), true);
        }
        Mount mount = mountFor(path);
        if (mount == null) {
            return null;
        }
        Mount canary = mount.canary();
        if (canary != null && Objects.requireNonNull(canary.stage().canary()).choosesCanary(headers)) {
            mount = canary;
        }
        int offset = mount.prefixSegments().length;
        RouteTable.Match<Integer> match = mount.routes().matchExplicit(method, path, offset);
        if (match != null) {
            return new Resolution(this, mount, path, match, mount.pipelines()[match.value()].handler(), true);
        }
        match = mount.routes().matchDefault(path, offset);
        if (match != null) {
            return new Resolution(this, mount, path, match, mount.pipelines()[match.value()].handler(), false);
        }
        // a WebSocket API's stage is its endpoint's alone: claimed as an explicit route is
        return new Resolution(this, mount, path, null, mount.unmatched().handler(), mount.ownsEveryPath());
    }

    /** Whether a request is a CORS preflight: {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. */
    public static boolean isPreflight(String method, HttpHeaders headers) {
        return "OPTIONS".equals(method) && headers.contains(HttpHeaderNames.ORIGIN)
                && headers.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private @Nullable Mount mountFor(RequestPath path) {
        for (Mount mount : mounts) {
            String[] prefix = mount.prefixSegments();
            if (prefix.length > path.size()) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < prefix.length; i++) {
                if (!prefix[i].equals(path.decodedSegment(i))) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return mount;
            }
        }
        return null;
    }

    private @Nullable Mount mountByRawPrefix(String rawPath) {
        for (Mount mount : mounts) {
            String prefix = mount.prefix();
            if (prefix.isEmpty() || rawPath.equals(prefix) || rawPath.startsWith(prefix + "/")) {
                return mount;
            }
        }
        return null;
    }

    private static ExchangeHandler badPath(InvalidPathException e) {
        GatewayError error = GatewayError.of(GatewayResponseType.DEFAULT_4XX, "Bad Request: " + e.getMessage());
        return exchange -> Reply.errorMono(error);
    }

    /**
     * Runs a resolved request through its pipeline and returns the reply to write: gateway errors rendered, the
     * request id header set. Never fails: an unexpected error becomes a 500 gateway response.
     */
    public Mono<Reply> process(Resolution resolution, InboundRequest request) {
        if (resolution.gateway() != this) {
            // resolved before a swap (LiveGateway): served to the end by the gateway that resolved it
            return resolution.gateway().process(resolution, request);
        }
        Mount mount = resolution.mount();
        GatewayExchange exchange = new GatewayExchange(request, resolution.path() == null
                ? RequestPath.parse("/") : resolution.path(), mount.api(), mount.stage(), resolution.match(),
                clock.millis(), System.nanoTime());
        Mono<Reply> reply;
        try {
            reply = resolution.handler().handle(exchange);
        } catch (RuntimeException e) {
            reply = Mono.error(e);
        }
        return reply
                .onErrorResume(e -> {
                    exchange.facts().failure(e);
                    if (e instanceof InvalidHeaderValueException invalid) {
                        invalidHeader(exchange, invalid);
                        return Reply.errorMono(invalid.error());
                    }
                    RequestBodyException body = RequestBodyException.find(e);
                    if (body != null) {
                        // the client's fault, not the gateway's: its answer, and no stack trace
                        log.debug("Request {} {} stopped: {} (request id {})", request.method(), request.rawPath(),
                                body.getMessage(), exchange.requestId());
                        return Reply.errorMono(body.error());
                    }
                    log.error("Request {} {} failed in the gateway (request id {})", request.method(), request.rawPath(),
                            exchange.requestId(), e);
                    return Reply.errorMono(GatewayError.of(GatewayResponseType.DEFAULT_5XX));
                })
                .switchIfEmpty(Mono.fromSupplier(() -> Reply.error(GatewayError.of(GatewayResponseType.DEFAULT_5XX))))
                .map(r -> finish(exchange, r));
    }

    private Reply finish(GatewayExchange exchange, Reply reply) {
        ApiType type = exchange.api().type();
        HttpHeaders headers = reply.headers();
        headers.set(type == ApiType.REST ? REST_REQUEST_ID : HTTP_REQUEST_ID, exchange.requestId());
        Reply written = reply;
        GatewayError error = reply.error();
        if (error != null) {
            ExchangeRenderContext context = new ExchangeRenderContext(exchange);
            GatewayResponseRenderer.Rendered rendered;
            try {
                rendered = renderer.render(error, context, headers);
            } catch (InvalidHeaderValueException invalid) {
                // a customised gateway response copied what cannot be a header (CR/LF from a query value): the
                // typed answer for that, customised if its own customisation can be rendered, else AWS's default
                if (!InvalidHeaderValueException.isAnswer(error)) {
                    invalidHeader(exchange, invalid);
                }
                error = invalid.error();
                try {
                    rendered = renderer.render(error, context, headers);
                } catch (InvalidHeaderValueException again) {
                    rendered = renderer.render(error, context.uncustomised(), headers);
                }
            }
            written = Reply.of(rendered.status(), headers, rendered.body());
        } else if (reply.isStreaming()) {
            written = reply.withBody(body -> cutOnFailure(exchange, body));
        }
        RequestListener.Completion completion = exchange.facts().completion();
        return completion == null ? written : Completions.attach(exchange, written, error, completion);
    }

    /**
     * A streamed answer that fails midway (the backend dropped its connection or stalled past the integration
     * timeout) cannot be answered with a gateway response any more: its head is out. The client's connection is
     * closed, so that the answer never looks whole (no last chunk, fewer bytes than its {@code Content-Length}), and
     * the fault is one WARN line naming the route, rate-limited; Reactor Netty then has nothing to report (it would
     * log the failure at ERROR with a stack trace).
     */
    private static Flux<ByteBuf> cutOnFailure(GatewayExchange exchange, Flux<ByteBuf> body) {
        return body.onErrorResume(e -> {
            exchange.facts().failure(e);
            if (RequestBodyException.find(e) != null) {
                log.debug("Request {} stopped: {}", exchange.requestId(), e.getMessage());
            } else {
                streamFaults.warn("Route '{}': the integration's answer failed after it had begun: {}; the client"
                        + " connection was closed (request id {})", exchange.routeKey(), RateLimitedLog.oneLine(e),
                        exchange.requestId());
            }
            return exchange.request().abortConnection().thenMany(Flux.empty());
        });
    }

    private static void invalidHeader(GatewayExchange exchange, InvalidHeaderValueException invalid) {
        String route = exchange.routeKey().isEmpty() ? "(none)" : exchange.routeKey();
        invalidHeaders.warn("Route '{}': {}; answered {} {} (request id {})", route, invalid.getMessage(),
                invalid.error().status(), invalid.error().type(), exchange.requestId());
    }
}
