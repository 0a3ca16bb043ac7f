package io.tollgate.core.integration;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.Timeout;
import io.tollgate.core.pipeline.Deadlines;
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

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A WebSocket upgrade through an {@code HTTP_PROXY} route: the backend's handshake first (so that its refusal is an
 * HTTP answer with its own status, and the client's 101 carries the subprotocol the backend chose), then the client's,
 * then every frame relayed as it came (text, binary, continuation, ping and pong; never aggregated), each side's close
 * code and reason passed to the other. Backpressure is end to end: a frame is read from one side only as the other
 * takes it. Each session has its own backend connection, never one of the pool's.
 */
final class WebSocketProxy {

    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /** The largest frame payload relayed either way (Reactor Netty's default); a larger one closes with 1009. */
    static final int MAX_FRAME_PAYLOAD = 65_536;

    private final HttpClient client;
    private final Duration handshakeTimeout;

    /** Sessions over connections of their own, made as {@code pooled}'s are (its connect timeout). */
    WebSocketProxy(HttpClient pooled, Duration handshakeTimeout) {
        Object connectTimeout = pooled.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
        HttpClient unpooled = HttpClient.newConnection().compress(false);
        if (connectTimeout instanceof Integer millis) {
            unpooled = unpooled.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
        }
        this.client = unpooled;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Opens the backend's session at {@code uri} (http or https, made ws or wss) with {@code headers} (the request's,
     * as forwarded), offering the client's subprotocols: the reply is the switch (101), or the backend's refusal.
     */
    Mono<Reply> open(GatewayExchange exchange, String uri, HttpHeaders headers) {
        HttpHeaders requestHeaders = exchange.request().headers();
        String wsUri = (uri.regionMatches(true, 0, "https:", 0, 6) ? "wss:" + uri.substring(6)
                : "ws:" + uri.substring(uri.indexOf(':') + 1));
        HttpHeaders out = withoutHandshake(HEADERS.newHeaders().set(headers));
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(true).compress(false)
                .maxFramePayloadLength(MAX_FRAME_PAYLOAD);
        String offered = String.join(",", requestHeaders.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (!offered.isBlank()) {
            spec.protocols(offered);
        }
        return Mono.<Object>create(sink -> {
            // the session once handed over (then the relay owns the connection), or CANCELLED: the first one wins
            AtomicReference<Object> handedOver = new AtomicReference<>();
            Sinks.Empty<Void> ended = Sinks.empty();
            Disposable connect = client.headers(h -> h.set(out)).websocket(spec.build()).uri(wsUri)
                    .handle((in, outbound) -> {
                        Session session = new Session(in, outbound, ended);
                        if (!handedOver.compareAndSet(null, session)) {
                            return outbound.sendClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "client went away");
                        }
                        sink.success(Reply.upgrade(upgradeHeaders(in.headers()), session));
                        return ended.asMono();
                    })
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
        }).flatMap(outcome -> outcome instanceof Reply reply ? Mono.just(reply)
                : IntegrationFailures.reply(exchange, (Throwable) outcome));
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

    /** What one side is told when the other vanished without a close. */
    private record Gone(int code, String reason) {
    }

    private static final Gone CLIENT_GONE = new Gone(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "client went away");
    private static final Gone BACKEND_GONE = new Gone(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "backend went away");

    /** One session: the backend's side, waiting for the client's. */
    private static final class Session implements WebSocketUpgrade {

        private final WebsocketInbound backendIn;
        private final WebsocketOutbound backendOut;
        private final Sinks.Empty<Void> ended;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Session(WebsocketInbound backendIn, WebsocketOutbound backendOut, Sinks.Empty<Void> ended) {
            this.backendIn = backendIn;
            this.backendOut = backendOut;
            this.ended = ended;
        }

        @Override
        public @Nullable String subprotocol() {
            return backendIn.selectedSubprotocol();
        }

        @Override
        public int maxFramePayloadLength() {
            return MAX_FRAME_PAYLOAD;
        }

        @Override
        public Mono<Void> relay(WebsocketInbound clientIn, WebsocketOutbound clientOut) {
            if (!claimed.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("a WebSocket session is relayed once"));
            }
            // each side's close as it arrives: what the other side is told when its own writes stop first
            AtomicReference<WebSocketCloseStatus> clientClose = new AtomicReference<>();
            AtomicReference<WebSocketCloseStatus> backendClose = new AtomicReference<>();
            clientIn.receiveCloseStatus().subscribe(clientClose::set, e -> { });
            backendIn.receiveCloseStatus().subscribe(backendClose::set, e -> { });
            Mono<Void> up = pipe(clientIn, clientOut, backendOut, backendClose, CLIENT_GONE, BACKEND_GONE);
            Mono<Void> down = pipe(backendIn, backendOut, clientOut, clientClose, BACKEND_GONE, CLIENT_GONE);
            return Mono.when(up, down).onErrorResume(e -> Mono.empty()).doFinally(signal -> ended.tryEmitEmpty());
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
         * on, the sender what it wrote or dropped), then {@code from}'s close passed on: its code and reason, an empty
         * close for none, or {@code fromGone} when {@code from} vanished without one. When {@code to} stops taking
         * frames first (it closed or vanished), {@code from} is told why before its reading is cancelled:
         * {@code to}'s own close, or {@code toGone}; otherwise Reactor Netty would close it with no status.
         */
        private static Mono<Void> pipe(WebsocketInbound from, WebsocketOutbound fromOut, WebsocketOutbound to,
                                       AtomicReference<WebSocketCloseStatus> toClose, Gone fromGone, Gone toGone) {
            Flux<WebSocketFrame> frames = from.receiveFrames().map(WebSocketFrame::retain)
                    .doOnCancel(() -> close(fromOut, toClose.get(), toGone).subscribe(nothing -> { }, e -> { }));
            return to.sendObject(frames).then()
                    .onErrorResume(e -> Mono.empty())
                    .then(from.receiveCloseStatus().defaultIfEmpty(WebSocketCloseStatus.ABNORMAL_CLOSURE))
                    .flatMap(status -> close(to, status, fromGone))
                    .onErrorResume(e -> Mono.empty());
        }

        private static Mono<Void> close(WebsocketOutbound to, @Nullable WebSocketCloseStatus status, Gone gone) {
            if (status == null) {
                return to.sendClose(gone.code(), gone.reason());
            }
            int code = status.code();
            if (code == WebSocketCloseStatus.EMPTY.code()) {
                return to.sendClose();
            }
            if (!WebSocketCloseStatus.isValidStatusCode(code)) {
                // 1006 and the like are never sent: they say the connection ended without a close frame
                return to.sendClose(gone.code(), gone.reason());
            }
            return to.sendClose(code, status.reasonText());
        }
    }
}
