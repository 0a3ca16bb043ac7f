package io.tollgate.core.integration;

import io.netty.util.AsciiString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ReferenceCountUtil;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.WebSocketHandshake;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code HTTP_PROXY}: forwards the request to the backend and streams both bodies through. Only a small request body
 * ({@link UploadPolicy#bufferUpTo()}) is received whole first, so that a client stalling in it holds no backend
 * connection; larger ones stream, at most {@link UploadPolicy#maxStreamingPerBackend()} at once per backend address.
 * Hop-by-hop headers are dropped both ways; {@code X-Forwarded-*} (or {@code Forwarded}) tell the backend about the
 * client. Failures become gateway responses: no answer within the timeout gives 504, a refused or broken connection
 * 502, a body over the route's limit 413.
 */
final class HttpProxyIntegrationHandler implements ExchangeHandler {

    /** Incoming headers were validated by the server codec already. */
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /** Header names as Netty's own constants are: hashed once, not on every request. */
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    private final HttpClient client;
    private final TargetUri target;
    /** The method sent; null for the request's own ({@code ANY}). */
    private final @Nullable HttpMethod method;
    private final Duration timeout;
    private final long maxBodySize;
    private final @Nullable RequestMappings mappings;
    private final ForwardedHeaders forwarded;
    private final UploadPolicy uploads;
    private final BackendSlots streaming;
    private final WebSocketProxy webSockets;

    HttpProxyIntegrationHandler(HttpClient client, HttpProxyIntegration integration, TargetUri target,
                                long maxBodySize, Map<String, String> stageVariables, ForwardedHeaders forwarded,
                                UploadPolicy uploads, BackendSlots streaming, WebSocketProxy webSockets) {
        this.client = client;
        this.target = target;
        this.method = "ANY".equals(integration.method()) ? null : HttpMethod.valueOf(integration.method());
        this.timeout = integration.timeout();
        this.maxBodySize = maxBodySize;
        this.mappings = integration.requestParameters().isEmpty() ? null
                : RequestMappings.compile(integration.requestParameters(), stageVariables);
        this.forwarded = forwarded;
        this.uploads = uploads;
        this.streaming = streaming;
        this.webSockets = webSockets;
    }

    @Override
    public Mono<Reply> handle(GatewayExchange exchange) {
        InboundRequest request = exchange.request();
        if (request.canUpgrade() && WebSocketHandshake.requested(request)) {
            return upgrade(exchange);
        }
        if (!request.hasBody()) {
            return forward(exchange, null);
        }
        long length = Reply.contentLength(request.headers());
        if (length > maxBodySize) {
            return IntegrationFailures.tooLarge();
        }
        if ((length >= 0 && length <= uploads.bufferUpTo()) || exchange.bufferedBodyLength() >= 0) {
            // received whole before a backend connection is taken: a client that stalls in it holds none
            return exchange.wholeBody(maxBodySize)
                    .flatMap(bytes -> forward(exchange, bytes.length == 0 ? Flux.empty()
                            : Flux.defer(() -> Flux.just(Unpooled.wrappedBuffer(bytes)))))
                    .onErrorResume(e -> IntegrationFailures.reply(exchange, e));
        }
        String authority = BackendSlots.authority(target.render(exchange.match()));
        // the slot is taken when the reply is subscribed to, and given back however it ends (cancelled included)
        return Mono.defer(() -> {
            if (!streaming.tryAcquire(authority)) {
                return IntegrationFailures.uploadsExhausted(exchange, authority, uploads.maxStreamingPerBackend());
            }
            return Mono.defer(() -> forward(exchange, limit(exchange.body(), maxBodySize)))
                    .doFinally(signal -> streaming.release(authority));
        });
    }

    /**
     * A WebSocket handshake: refused as it is malformed (400, or 426 with the version this gateway speaks), or
     * forwarded to the backend's WebSocket endpoint ({@link WebSocketProxy}).
     */
    private Mono<Reply> upgrade(GatewayExchange exchange) {
        GatewayError problem = WebSocketHandshake.problem(exchange.request());
        if (problem == null) {
            return forward(exchange, null, true);
        }
        Reply refused = Reply.error(problem);
        if (problem.status() == 426) {
            refused.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketHandshake.VERSION);
        }
        return Mono.just(refused);
    }

    /** {@code body}: null when the request has none. */
    private Mono<Reply> forward(GatewayExchange exchange, @Nullable Flux<ByteBuf> body) {
        return forward(exchange, body, false);
    }

    private Mono<Reply> forward(GatewayExchange exchange, @Nullable Flux<ByteBuf> body, boolean webSocket) {
        InboundRequest request = exchange.request();
        HttpHeaders headers = HEADERS.newHeaders().set(request.headers());
        HopByHop.remove(headers);
        headers.remove(HttpHeaderNames.HOST);
        headers.remove(HttpHeaderNames.EXPECT);
        addForwarded(exchange, headers);
        Map<String, String> traceHeaders = exchange.facts().traceHeaders();
        if (!traceHeaders.isEmpty()) {
            traceHeaders.forEach(headers::set);
        }
        String uri = target.render(exchange.match());
        String query = request.rawQuery();
        if (mappings != null) {
            RequestMappings.Outgoing outgoing = new RequestMappings.Outgoing(uri, query, headers);
            mappings.apply(exchange, outgoing);
            uri = outgoing.uri;
            query = outgoing.rawQuery;
        }
        if (query != null && !query.isEmpty()) {
            uri = uri + '?' + query;
        }
        if (webSocket) {
            return webSockets.open(exchange, uri, headers, timeout);
        }
        Flux<ByteBuf> requestBody = body;
        // why the body failed, if it did: that, not the reset it causes, is the answer (413, 400, 408)
        AtomicReference<Throwable> bodyFailure = requestBody == null ? null : new AtomicReference<>();
        HttpMethod outgoingMethod = method != null ? method : HttpMethod.valueOf(request.method());
        // the backend's answer, once handed over, or CANCELLED: whichever comes first owns releasing it
        AtomicReference<Object> handedOver = new AtomicReference<>();
        Mono<Reply> call = client.request(outgoingMethod)
                .uri(uri)
                .send((req, out) -> {
                    req.headers(headers);
                    req.responseTimeout(timeout);
                    // a body that fails (broken, stalled, too large, the client gone) resets the backend connection:
                    // the backend must never take what came so far for the whole request
                    return requestBody == null ? out
                            : out.send(requestBody.doOnError(e -> {
                                // set whenever there is a body
                                Objects.requireNonNull(bodyFailure).set(e);
                                out.withConnection(HttpProxyIntegrationHandler::reset);
                            }));
                })
                .responseConnection((response, connection) -> {
                    if (response.status().code() == 101) {
                        // switching protocols when no switch was asked (the upgrade headers are never forwarded)
                        connection.dispose();
                        return Mono.<Reply>error(new IllegalStateException("the backend switched protocols unasked"));
                    }
                    HttpHeaders responseHeaders = response.responseHeaders();
                    HopByHop.remove(responseHeaders);
                    Flux<ByteBuf> responseBody = connection.inbound().receive().retain()
                            .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
                    Runnable discard = () -> connection.inbound().receive().subscribe(null, e -> { });
                    Reply reply = Reply.streaming(response.status().code(), responseHeaders, responseBody, discard);
                    if (!handedOver.compareAndSet(null, reply)) {
                        // the exchange was cancelled (the client went away) as the answer came: nobody will write it
                        reply.discard();
                        return Mono.<Reply>empty();
                    }
                    return Mono.just(reply);
                })
                .doOnDiscard(Connection.class, DISCARDED_EXCHANGE)
                .next();
        if (requestBody == null && IDEMPOTENT.contains(outgoingMethod)) {
            call = call.retryWhen(STALE_CONNECTION);
        }
        return call
                .doOnCancel(() -> {
                    if (handedOver.getAndSet(CANCELLED) instanceof Reply reply) {
                        reply.discard();
                    }
                })
                .onErrorResume(e -> IntegrationFailures.reply(exchange,
                        bodyFailure != null && bodyFailure.get() != null ? bodyFailure.get() : e));
    }

    private static final Object CANCELLED = new Object();

    /**
     * Ends a backend exchange that Reactor Netty's client dropped: the request's operations are discarded, never
     * handed to {@code responseConnection}, when the exchange is cancelled just as its response arrives (the
     * cancellation has passed the retry operator inside Reactor Netty's client, and the response it then emits is
     * discarded there). Reactor Netty installs no discard hook for them, so the connection stayed open with the
     * response's first chunk queued and unread until the response timeout closed it, and that chunk was never
     * released. Disposing the operations drops their content and closes the connection, as a cancellation before
     * the response does.
     */
    static final Consumer<Connection> DISCARDED_EXCHANGE = Connection::dispose;

    /** RFC 9110's idempotent methods: sent twice, they mean what they meant once. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * One more try when a pooled connection was closed by the backend before any response, as happens when its
     * keep-alive timeout ends just as the gateway reuses it (nginx and Envoy retry this too). Only for idempotent
     * requests without a body: nothing was lost, and the backend cannot have acted twice on anything but an
     * idempotent request.
     */
    private static final Retry STALE_CONNECTION = Retry.max(1)
            .filter(HttpProxyIntegrationHandler::closedBeforeResponse)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());

    static boolean closedBeforeResponse(Throwable error) {
        return error instanceof PrematureCloseException && error.getMessage() != null
                && error.getMessage().startsWith("Connection prematurely closed BEFORE response");
    }

    private static void reset(Connection connection) {
        connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        connection.channel().close();
    }

    /** The body, failing with {@link PayloadTooLargeException} (so 413) as soon as it passes {@code max} bytes. */
    private static Flux<ByteBuf> limit(Flux<ByteBuf> body, long max) {
        long[] seen = {0};
        return body.handle((buffer, sink) -> {
            seen[0] += buffer.readableBytes();
            if (seen[0] > max) {
                sink.error(new PayloadTooLargeException());
            } else {
                sink.next(buffer.retain());
            }
        });
    }

    private void addForwarded(GatewayExchange exchange, HttpHeaders headers) {
        if (forwarded == ForwardedHeaders.NONE) {
            return;
        }
        // this hop's peer: X-Forwarded-For already names the addresses before it
        String client = exchange.peerIp();
        String proto = exchange.request().scheme();
        String host = exchange.request().headers().get(HttpHeaderNames.HOST);
        if (forwarded == ForwardedHeaders.X_FORWARDED) {
            String existing = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, existing == null ? client : existing + ", " + client);
            headers.set(X_FORWARDED_PROTO, proto);
            if (host != null) {
                headers.set(X_FORWARDED_HOST, host);
            }
        } else {
            String node = client.indexOf(':') >= 0 ? "\"[" + client + "]\"" : client;
            String element = "for=" + node + ";proto=" + proto + (host == null ? "" : ";host=\"" + host + "\"");
            String existing = headers.get(FORWARDED);
            headers.set(FORWARDED, existing == null ? element : existing + ", " + element);
        }
    }
}
