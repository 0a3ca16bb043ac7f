package io.tollgate.core.integration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.Timeout;
import io.tollgate.core.pipeline.Deadlines;
import io.tollgate.core.pipeline.FrameWriter;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.tcp.SslProvider;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A WebSocket upgrade through an {@code HTTP_PROXY} route: the backend's handshake first (so that its refusal is an
 * HTTP answer with its own status, and the client's 101 carries the subprotocol the backend chose), then the client's,
 * then every frame relayed as it came (text, binary, continuation, ping and pong; never aggregated), each side's close
 * code and reason passed to the other. Backpressure is end to end: a frame is read from one side only as the other
 * takes it. Each session has its own backend connection, never one of the pool's, and is bounded as
 * {@link WebSocketProxySettings} say: idle time, duration, frame size, sessions per backend.
 */
final class WebSocketProxy {

    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final HttpClient client;
    private final WebSocketProxySettings settings;
    /** Sessions open per backend address (shared by every route: the cap is the backend's). */
    private final BackendSlots sessions;

    /**
     * Sessions over connections of their own, made as {@code pooled}'s are: its connect timeout, and its TLS (the trust
     * and client certificate it was given for {@code https} backends serve their {@code wss} sessions too).
     */
    WebSocketProxy(HttpClient pooled, WebSocketProxySettings settings) {
        Object connectTimeout = pooled.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
        HttpClient unpooled = HttpClient.newConnection().compress(false);
        if (connectTimeout instanceof Integer millis) {
            unpooled = unpooled.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
        }
        SslProvider tls = pooled.configuration().sslProvider();
        if (tls != null) {
            unpooled = unpooled.secure(tls);
        }
        this.client = unpooled;
        this.settings = settings;
        this.sessions = new BackendSlots(settings.maxSessionsPerBackend());
    }

    /**
     * Opens the backend's session at {@code uri} (http or https, made ws or wss) with {@code headers} (the request's,
     * as forwarded), offering the client's subprotocols: the reply is the switch (101), or the backend's refusal, or
     * 503 when the backend has as many sessions as it may, or 504 when it has not completed its handshake within
     * {@code handshakeTimeout}.
     */
    Mono<Reply> open(GatewayExchange exchange, String uri, HttpHeaders headers, Duration handshakeTimeout) {
        HttpHeaders requestHeaders = exchange.request().headers();
        String wsUri = (uri.regionMatches(true, 0, "https:", 0, 6) ? "wss:" + uri.substring(6)
                : "ws:" + uri.substring(uri.indexOf(':') + 1));
        String authority = BackendSlots.authority(uri);
        HttpHeaders out = withoutHandshake(HEADERS.newHeaders().set(headers));
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(true).compress(false)
                .maxFramePayloadLength(settings.maxFramePayload());
        String offered = String.join(",", requestHeaders.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (!offered.isBlank()) {
            spec.protocols(offered);
        }
        return Mono.<Object>create(sink -> {
            if (!sessions.tryAcquire(authority)) {
                sink.success(new SessionsExhausted(authority));
                return;
            }
            // the session once handed over (then the relay owns the connection), or CANCELLED: the first one wins
            AtomicReference<Object> handedOver = new AtomicReference<>();
            Sinks.Empty<Void> ended = Sinks.empty();
            Disposable connect = client.headers(h -> h.set(out)).websocket(spec.build()).uri(wsUri)
                    .handle((in, outbound) -> {
                        Session session = new Session(in, outbound, ended, settings);
                        if (!handedOver.compareAndSet(null, session)) {
                            return outbound.sendClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "client went away");
                        }
                        sink.success(Reply.upgrade(upgradeHeaders(in.headers()), session));
                        return ended.asMono();
                    })
                    // the backend's connection is gone however the session ended (or never began)
                    .doFinally(signal -> sessions.release(authority))
                    .subscribe(nothing -> { }, error -> {
                        if (handedOver.compareAndSet(null, error)) {
                            Reply refused = refusal(error);
                            sink.success(refused != null ? refused : error);
                        }
                    });
            Timeout timer = Deadlines.schedule(handshakeTimeout, () -> {
                if (handedOver.compareAndSet(null, Boolean.FALSE)) {
                    connect.dispose();
                    sink.success(new TimeoutException("the WebSocket backend did not complete its handshake within "
                            + handshakeTimeout.toMillis() + " ms"));
                }
            });
            sink.onDispose(timer::cancel);
            sink.onCancel(() -> {
                if (handedOver.compareAndSet(null, Boolean.FALSE)) {
                    connect.dispose();
                }
            });
        }).flatMap(outcome -> {
            if (outcome instanceof Reply reply) {
                return Mono.just(reply);
            }
            if (outcome instanceof SessionsExhausted full) {
                return IntegrationFailures.sessionsExhausted(exchange, full.authority(), sessions.max());
            }
            return IntegrationFailures.reply(exchange, (Throwable) outcome);
        });
    }

    /** The backend at {@code authority} has as many sessions open as it may. */
    private record SessionsExhausted(String authority) {
    }

    /** The backend's 101 headers the client's 101 carries: none of the handshake's own (the server writes those). */
    private static HttpHeaders upgradeHeaders(HttpHeaders backend) {
        HttpHeaders headers = withoutHandshake(HEADERS.newHeaders().set(backend));
        HopByHop.remove(headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        return headers;
    }

    /** {@code headers} without the {@code Sec-WebSocket-*} ones: each hop's handshaker writes its own. */
    private static HttpHeaders withoutHandshake(HttpHeaders headers) {
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "sec-websocket-", 0, 14)) {
                headers.remove(name);
            }
        }
        return headers;
    }

    /** The backend's refusal of the upgrade (its status and headers, no body), or null when it gave none. */
    private static @Nullable Reply refusal(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException refused && refused.response() != null
                && refused.response().status().code() >= 300) {
            HttpHeaders headers = HEADERS.newHeaders().set(refused.response().headers());
            HopByHop.remove(headers);
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.remove(HttpHeaderNames.CONTENT_TYPE);
            return Reply.of(refused.response().status().code(), headers, new byte[0]);
        }
        return null;
    }

    /** What one side is told when the other vanished without a close, or when the session expired. */
    private record Gone(int code, String reason) {
    }

    private static final Gone CLIENT_GONE = new Gone(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "client went away");
    private static final Gone BACKEND_GONE = new Gone(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "backend went away");
    /** How long a side that was sent a close may take to answer it (or close) before its connection is cut. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Amazon API Gateway's close of an idle connection, and of one at its maximum duration. */
    private static final Gone EXPIRED = new Gone(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away");

    /** One session: the backend's side, waiting for the client's. */
    private static final class Session implements WebSocketUpgrade {

        private final WebsocketInbound backendIn;
        private final WebsocketOutbound backendOut;
        private final Sinks.Empty<Void> ended;
        private final WebSocketProxySettings settings;
        private final AtomicBoolean claimed = new AtomicBoolean();
        /** When the last frame passed, either way ({@link System#nanoTime()}). */
        private volatile long lastFrame;
        private volatile boolean over;
        private volatile @Nullable Timeout idleTimer;
        private volatile @Nullable Timeout lifeTimer;

        Session(WebsocketInbound backendIn, WebsocketOutbound backendOut, Sinks.Empty<Void> ended,
                WebSocketProxySettings settings) {
            this.backendIn = backendIn;
            this.backendOut = backendOut;
            this.ended = ended;
            this.settings = settings;
        }

        @Override
        public @Nullable String subprotocol() {
            return backendIn.selectedSubprotocol();
        }

        @Override
        public int maxFramePayloadLength() {
            return settings.maxFramePayload();
        }

        @Override
        public Mono<Void> relay(WebsocketInbound clientIn, WebsocketOutbound clientOut) {
            if (!claimed.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("a WebSocket session is relayed once"));
            }
            Side client = new Side(clientIn, clientOut, CLIENT_GONE);
            Side backend = new Side(backendIn, backendOut, BACKEND_GONE);
            Runnable expire = () -> {
                // both closes are claimed here, before either side reacts: each side hears 1001, never the other's echo
                backend.close(null, EXPIRED);
                client.close(null, EXPIRED);
            };
            lastFrame = System.nanoTime();
            if (!settings.idleTimeout().isZero()) {
                armIdle(settings.idleTimeout().toNanos(), expire);
            }
            if (!settings.maxDuration().isZero()) {
                lifeTimer = Deadlines.schedule(settings.maxDuration(), expire);
            }
            return Mono.when(pipe(client, backend), pipe(backend, client)).onErrorResume(e -> Mono.empty())
                    .doFinally(signal -> {
                        over = true;
                        cancel(idleTimer);
                        cancel(lifeTimer);
                        ended.tryEmitEmpty();
                    });
        }

        /** The idle bound, {@code delay} from now: when it fires, the session expires unless a frame passed since. */
        private void armIdle(long delayNanos, Runnable expire) {
            idleTimer = Deadlines.schedule(Duration.ofNanos(delayNanos), () -> {
                long left = lastFrame + settings.idleTimeout().toNanos() - System.nanoTime();
                if (left <= 0) {
                    expire.run();
                } else if (!over) {
                    armIdle(left, expire);
                }
            });
            if (over) {
                cancel(idleTimer);
            }
        }

        private static void cancel(@Nullable Timeout timer) {
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        public void abandon() {
            if (claimed.compareAndSet(false, true)) {
                backendOut.sendClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "client went away")
                        .onErrorResume(e -> Mono.empty())
                        .doFinally(signal -> ended.tryEmitEmpty())
                        .subscribe();
            }
        }

        /**
         * {@code from}'s frames to {@code to}, each as it came (retained once: the receiver releases what it hands
         * on, the writer what it wrote or dropped) and as fast as {@code to} takes them ({@link FrameWriter}), then
         * {@code from}'s close passed on: its code and reason, an empty close for none, or {@code from}'s "gone" when
         * it vanished without one. No frame follows a close {@code to} was sent; when {@code to} is gone, what
         * {@code from} still sends is dropped until the other direction closes it (with {@code to}'s close, or
         * {@code to}'s "gone"). When the session is cancelled, {@code from} is told {@code to}'s close (or "gone")
         * before its reading stops; otherwise Reactor Netty would close it with no status.
         */
        private Mono<Void> pipe(Side from, Side to) {
            // a frame from that side its decoder refused (too large, malformed): the status it was closed with
            AtomicReference<@Nullable WebSocketCloseStatus> refused = new AtomicReference<>();
            Flux<WebSocketFrame> frames = from.in.receiveFrames()
                    .doOnError(CorruptedWebSocketFrameException.class, e -> refused.set(e.closeStatus()))
                    .takeWhile(frame -> !to.closeSent.get() && (frame.rsv() == 0 || from.refuse()))
                    .map(this::passing)
                    .doOnCancel(() -> from.close(to.closeReceived.get(), to.gone));
            return FrameWriter.write(frames, to.channel)
                    .then(Mono.defer(() -> {
                        WebSocketCloseStatus status = refused.get();
                        return status != null ? Mono.just(status)
                                : from.in.receiveCloseStatus().defaultIfEmpty(WebSocketCloseStatus.ABNORMAL_CLOSURE);
                    }))
                    .doOnNext(status -> to.close(status, from.gone))
                    .then()
                    .onErrorResume(e -> Mono.empty());
        }

        /** A frame on its way: the session is not idle; retained once (the writer releases it). */
        private WebSocketFrame passing(WebSocketFrame frame) {
            lastFrame = System.nanoTime();
            return frame.retain();
        }
    }

    /** One side of a relayed session: its frames, its channel, its close both ways. */
    private static final class Side {

        final WebsocketInbound in;
        final WebsocketOutbound out;
        final Channel channel;
        /** What the other side is told when this one vanished without a close. */
        final Gone gone;
        /** The close this side sent, once it came: what the other side is told when its writes stop first. */
        final AtomicReference<@Nullable WebSocketCloseStatus> closeReceived = new AtomicReference<>();
        /** This side was sent a close: no frame may follow it. */
        final AtomicBoolean closeSent = new AtomicBoolean();

        Side(WebsocketInbound in, WebsocketOutbound out, Gone gone) {
            this.in = in;
            this.out = out;
            this.gone = gone;
            AtomicReference<@Nullable Channel> found = new AtomicReference<>();
            out.withConnection(connection -> found.set(connection.channel()));
            this.channel = Objects.requireNonNull(found.get(), "the session's channel");
            in.receiveCloseStatus().subscribe(closeReceived::set, e -> { });
        }

        /**
         * Sends this side a close (once; later ones do nothing): {@code status}'s code and reason, an empty close for
         * an empty one, or {@code gone}'s for none or for one that is never sent (1006 and the like say the connection
         * ended without a close frame).
         */
        void close(@Nullable WebSocketCloseStatus status, Gone gone) {
            if (!closeSent.compareAndSet(false, true)) {
                return;
            }
            Mono<Void> close;
            if (status == null || (!WebSocketCloseStatus.isValidStatusCode(status.code())
                    && status.code() != WebSocketCloseStatus.EMPTY.code())) {
                close = out.sendClose(gone.code(), gone.reason());
            } else if (status.code() == WebSocketCloseStatus.EMPTY.code()) {
                close = out.sendClose();
            } else {
                close = out.sendClose(status.code(), status.reasonText());
            }
            close.subscribe(nothing -> { }, e -> { });
            // a peer that never answers the close (nor closes) must not hold the session: its connection is cut
            Timeout cut = Deadlines.schedule(CLOSE_WAIT, channel::close);
            channel.closeFuture().addListener(closed -> cut.cancel());
        }

        /**
         * A frame with reserved bits set, which no extension here defines (none is ever negotiated): this side fails
         * with 1002 (RFC 6455, 5.2), and the frame goes no further. The close is claimed before the reading stops, so
         * that it is the one this side hears.
         */
        boolean refuse() {
            close(new WebSocketCloseStatus(WebSocketCloseStatus.PROTOCOL_ERROR.code(),
                    "reserved bits set without an extension"), gone);
            return false;
        }
    }
}
