package io.tollgate.core.websocket;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.Timeout;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.event.WebSocketEvents;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.Deadlines;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.FrameWriter;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.WebSocketContext;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.websocket.MessageAssembly.Message;
import io.tollgate.core.websocket.OutboundQueue.Outgoing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection of a WebSocket API, from its upgrade to its close. Frames from the client are put together into
 * messages (a message over the API's size closes the connection with 1009, a binary one with 1003 unless the API
 * allows them, text that is not UTF-8 with 1007); each message goes to the route its route selection expression names
 * ({@code $default} when none has that key, or when a message is not JSON), in order, one at a time, and the next is
 * read only once it has been handled (so a client is held back by TCP, never buffered without bound). A two-way
 * route's answer is sent back; a gateway error (the integration failed, timed out, was throttled) is sent as AWS's
 * frame {@code {"message": "...", "connectionId":"...", "requestId":"..."}}, and so is {@code Forbidden} for a message
 * no route takes; the connection stays open.
 *
 * <p>What is sent to the client (answers, pushed messages, pongs) waits in a queue of at most
 * {@link io.tollgate.core.api.WebSocketSettings#outboundBuffer()} bytes, written as the client reads
 * ({@link FrameWriter}); a message pushed beyond that is refused, an answer waits for room. The connection is closed
 * with 1001 "Going away" after the API's idle timeout (no message either way) and at its maximum duration. Once it has
 * ended, whichever side ended it, the {@code $disconnect} route runs with the close's status and reason.
 */
final class ApiConnection implements WebSocketUpgrade {

    private static final Logger log = LoggerFactory.getLogger(ApiConnection.class);
    /** Failures of message routes and of {@code $disconnect}: one line each, at most 60 a minute. */
    private static final RateLimitedLog failures = new RateLimitedLog(log, 60);
    /** How long a client that was sent a close may take to answer it before its connection is cut. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Close ABNORMAL = new Close(1006, "Connection closed abnormally");
    /** AWS's disconnect reason for a client's close without a status. */
    private static final Close NO_STATUS = new Close(1005, "Client-side close frame status not set");
    static final Close GOING_AWAY = new Close(1001, "Going away");

    private final StageEndpoint endpoint;
    private final WebSocketContext context;
    private final @Nullable Authorization authorization;
    private final @Nullable String subprotocol;
    private final String rawPath;
    private final RequestPath path;
    private final @Nullable InetSocketAddress remoteAddress;
    private final String scheme;
    private final String sourceIp;
    private final AtomicBoolean claimed = new AtomicBoolean();

    /** What waits to be sent to the client. */
    private final OutboundQueue outbound;

    /** The message being put together from its frames (the reading thread's alone). */
    private final MessageAssembly assembly;

    private volatile long lastActiveNanos = System.nanoTime();
    private volatile long lastActiveMillis;
    private volatile boolean over;
    private @Nullable Timeout idleTimer;
    private @Nullable Timeout lifeTimer;
    /** The close that ended the connection, once known: the first one (the client's, or the gateway's) wins. */
    private final AtomicReference<@Nullable Close> ended = new AtomicReference<>();
    /** The gateway's close, to send once the queue is written; null when the client ended the connection. */
    private volatile @Nullable Close serverClose;
    private volatile @Nullable WebsocketOutbound out;
    private volatile @Nullable Channel channel;

    ApiConnection(StageEndpoint endpoint, WebSocketContext context, @Nullable Authorization authorization,
                  @Nullable String subprotocol, String rawPath, RequestPath path, InboundRequest upgrade,
                  String sourceIp) {
        this.endpoint = endpoint;
        this.context = context;
        this.authorization = authorization;
        this.subprotocol = subprotocol;
        this.rawPath = rawPath;
        this.path = path;
        this.remoteAddress = upgrade.remoteAddress();
        this.scheme = upgrade.scheme();
        this.sourceIp = sourceIp;
        this.lastActiveMillis = context.connectedAt();
        this.outbound = new OutboundQueue(endpoint.settings.outboundBuffer());
        this.assembly = new MessageAssembly(endpoint.settings);
    }

    String id() {
        return context.connectionId();
    }

    StageEndpoint endpoint() {
        return endpoint;
    }

    ConnectionInfo info() {
        return new ConnectionInfo(context.connectionId(), endpoint.api.name(), endpoint.stage.name(),
                Instant.ofEpochMilli(context.connectedAt()), sourceIp, context.userAgent(),
                Instant.ofEpochMilli(lastActiveMillis));
    }

    @Override
    public @Nullable String subprotocol() {
        return subprotocol;
    }

    @Override
    public int maxFramePayloadLength() {
        return endpoint.settings.maxFrameSize();
    }

    @Override
    public int maxInflatedFrameSize() {
        // no frame inflates to more than a whole message may hold; the message's own bound is checked as it is put together
        return endpoint.settings.compression() ? endpoint.settings.maxMessageSize() : 0;
    }

    @Override
    public void abandon() {
        if (claimed.compareAndSet(false, true)) {
            // $connect said yes, but the client's side never came: $disconnect is told the connection ended
            ended.set(ABNORMAL);
            outbound.complete();
            endpoint.connections.remove(this);
            disconnect(ABNORMAL);
        }
    }

    @Override
    public Mono<Void> relay(WebsocketInbound in, WebsocketOutbound toClient) {
        if (!claimed.compareAndSet(false, true)) {
            return Mono.error(new IllegalStateException("a WebSocket connection is served once"));
        }
        AtomicReference<@Nullable Channel> found = new AtomicReference<>();
        toClient.withConnection(connection -> found.set(connection.channel()));
        Channel ch = Objects.requireNonNull(found.get(), "the connection's channel");
        this.out = toClient;
        this.channel = ch;
        touch();
        armIdle(endpoint.settings.idleTimeout().toNanos());
        lifeTimer = Deadlines.schedule(endpoint.settings.maxDuration(), () -> close(GOING_AWAY));
        Mono<Void> reading = in.receiveFrames()
                .<Message>handle(this::assemble)
                .concatMap(this::dispatch, 1)
                .then(Mono.defer(() -> ended.get() != null ? Mono.<Close>empty()
                        : in.receiveCloseStatus().map(ApiConnection::asReceived).defaultIfEmpty(ABNORMAL)))
                .onErrorResume(CorruptedWebSocketFrameException.class,
                        e -> Mono.just(new Close(e.closeStatus().code(), e.closeStatus().reasonText())))
                .onErrorResume(DecompressionException.class, e -> {
                    // a compressed frame that inflates beyond the bound (its inflation stopped there): a message too big
                    refuse(MessageAssembly.TOO_BIG.code(), "Message too big (inflated)");
                    return Mono.empty();
                })
                .onErrorResume(e -> Mono.just(ABNORMAL))
                .doOnNext(this::clientEnded)
                .then();
        Mono<Void> writing = FrameWriter.write(outbound.frames(), ch)
                .then(Mono.defer(() -> {
                    Close close = serverClose;
                    return close == null ? Mono.<Void>empty() : toClient.sendClose(close.code(), close.reason());
                }))
                .onErrorResume(e -> Mono.empty());
        return Mono.when(reading, writing).doFinally(signal -> {
            over = true;
            cancel(idleTimer);
            cancel(lifeTimer);
            endpoint.connections.remove(this);
            Close status = ended.get();
            disconnect(status != null ? status : ABNORMAL);
        });
    }

    /** A client's close as AWS reports it: one without a status is 1005. */
    private static Close asReceived(WebSocketCloseStatus status) {
        return status.code() == WebSocketCloseStatus.EMPTY.code() || status.code() == -1 ? NO_STATUS
                : status.code() == WebSocketCloseStatus.ABNORMAL_CLOSURE.code() ? ABNORMAL
                : new Close(status.code(), status.reasonText());
    }

    /** A frame from the client: put into its message, or answered (a ping), or the connection closed for it. */
    private void assemble(WebSocketFrame frame, SynchronousSink<Message> sink) {
        if (frame.rsv() != 0) {
            // compression's RSV1 is cleared by its decoder when negotiated; no other extension is: no bit may be left set
            // (RFC 6455, 5.2)
            refuse(sink, WebSocketCloseStatus.PROTOCOL_ERROR.code(), "Reserved bits set without an extension");
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            outbound.offer(new Outgoing(ByteBufUtil.getBytes(frame.content()), Outgoing.PONG));
            return;
        }
        if (frame instanceof PongWebSocketFrame) {
            return;
        }
        MessageAssembly.Step step = assembly.add(frame);
        if (step instanceof MessageAssembly.Refusal refusal) {
            refuse(sink, refusal.code(), refusal.reason());
            return;
        }
        touch();
        if (step instanceof Message whole) {
            sink.next(whole);
        }
    }

    /** Ends the connection for what the client sent: closed at once with {@code code}, nothing more read. */
    private void refuse(SynchronousSink<Message> sink, int code, String reason) {
        refuse(code, reason);
        sink.complete();
    }

    /** Ends the connection with {@code code}: its close sent at once, what is queued dropped, the connection cut later. */
    private void refuse(int code, String reason) {
        Close status = new Close(code, reason);
        if (ended.compareAndSet(null, status)) {
            outbound.complete();
            WebsocketOutbound to = out;
            if (to != null) {
                // sent before the reading stops: otherwise the server would close the connection without a status
                to.sendClose(code, reason).subscribe(nothing -> { }, e -> { });
            }
            cutLater();
        }
    }

    /** The client ended the connection (its close, or its connection's end): nothing more is sent but what is queued. */
    private void clientEnded(Close status) {
        if (ended.compareAndSet(null, status)) {
            outbound.complete();
        }
    }

    /**
     * Closes the connection from the gateway's side: what is queued is written first, then the close; a client that
     * does not answer it within {@link #CLOSE_WAIT} has its connection cut. Does nothing once the connection is ending.
     */
    void close(Close status) {
        if (!ended.compareAndSet(null, status)) {
            return;
        }
        serverClose = status;
        outbound.complete();
        cutLater();
    }

    private void cutLater() {
        Channel ch = channel;
        if (ch != null) {
            Timeout cut = Deadlines.schedule(CLOSE_WAIT, ch::close);
            ch.closeFuture().addListener(closed -> cut.cancel());
        }
    }

    /** One message: to the route its key names, or {@code $default}, or answered {@code Forbidden}. */
    private Mono<Void> dispatch(Message message) {
        if (ended.get() != null) {
            return Mono.empty();
        }
        String value = message.binary() ? null
                : endpoint.routeSelection.evaluate(new String(message.bytes(), StandardCharsets.UTF_8));
        RouteKey selected = value == null ? null : RouteKey.webSocket(value);
        ExchangeHandler route = selected == null ? null : endpoint.route(selected);
        RouteKey key = route != null && selected != null ? selected : RouteKey.defaultRoute();
        if (route == null) {
            route = endpoint.route(key);
        }
        String contentType = message.binary() ? EventRequest.BINARY
                : value != null && endpoint.routeSelection.expression().readsBody() ? EventRequest.JSON : EventRequest.TEXT;
        // a message no route takes is observed under the key it asked for (the stage's unmatched requests' listeners)
        GatewayExchange exchange = endpoint.event(route == null && selected != null ? selected : key,
                new EventRequest(rawPath, message.bytes(), contentType, remoteAddress, scheme), path,
                context.event(WebSocketContext.EventType.MESSAGE, WebSocketEvents.newEventId()), authorization, sourceIp);
        if (route == null) {
            // AWS's Forbidden frame; the connection stays open
            return endpoint.noRoute.handle(exchange).flatMap(reply -> failed(exchange,
                    Objects.requireNonNullElse(reply.error(), StageEndpoint.NO_ROUTE), WebSocketEvents.newEventId()));
        }
        boolean twoWay = endpoint.isTwoWay(key);
        Mono<Reply> answer;
        try {
            answer = route.handle(exchange);
        } catch (RuntimeException e) {
            answer = Mono.error(e);
        }
        return answer
                .switchIfEmpty(Mono.fromSupplier(() -> Reply.error(GatewayError.of(GatewayResponseType.DEFAULT_5XX))))
                .onErrorResume(e -> {
                    exchange.facts().failure(e);
                    failures.warn("WebSocket api '{}' route '{}' failed in the gateway: {} (connection {})",
                            endpoint.api.name(), exchange.routeKey(), RateLimitedLog.oneLine(e), id());
                    return Mono.just(Reply.error(new GatewayError(GatewayResponseType.DEFAULT_5XX, 500,
                            "Internal server error")));
                })
                .flatMap(reply -> answer(exchange, reply, twoWay))
                .onErrorResume(e -> {
                    failures.warn("WebSocket api '{}' route '{}': its answer could not be sent: {} (connection {})",
                            endpoint.api.name(), exchange.routeKey(), RateLimitedLog.oneLine(e), id());
                    return Mono.empty();
                });
    }

    /** A message route's answer, for the client: an error's frame, a two-way route's body, or nothing. */
    private Mono<Void> answer(GatewayExchange exchange, Reply reply, boolean twoWay) {
        GatewayError error = reply.error();
        if (error != null) {
            StageEndpoint.drain(reply);
            return failed(exchange, error);
        }
        if (!twoWay) {
            StageEndpoint.drain(reply);
            RequestListener.completeNow(exchange, reply.status(), 0, null);
            return Mono.empty();
        }
        return StageEndpoint.body(reply, endpoint.settings.maxMessageSize())
                .flatMap(body -> {
                    RequestListener.completeNow(exchange, reply.status(), body.length, null);
                    return body.length == 0 ? Mono.<Void>empty() : enqueue(Outgoing.message(body));
                })
                .onErrorResume(PayloadTooLargeException.class, e -> {
                    failures.warn("WebSocket api '{}' route '{}' answered more than the message size ({} bytes);"
                            + " the client was sent an error instead (connection {})", endpoint.api.name(),
                            exchange.routeKey(), endpoint.settings.maxMessageSize(), id());
                    return failed(exchange, new GatewayError(GatewayResponseType.DEFAULT_5XX, 500,
                            "Internal server error"));
                });
    }

    /** A message whose route failed: AWS's error frame for the client, its listeners told of {@code error}. */
    private Mono<Void> failed(GatewayExchange exchange, GatewayError error) {
        return failed(exchange, error, exchange.context(ContextVariable.EXTENDED_REQUEST_ID));
    }

    private Mono<Void> failed(GatewayExchange exchange, GatewayError error, String requestId) {
        Outgoing frame = Outgoing.awsError(error.message(), id(), requestId);
        RequestListener.completeNow(exchange, error.status(), frame.size(), error);
        return enqueue(frame);
    }

    /**
     * Queues {@code data} for the client when it fits ({@link ConnectionException} otherwise): a message pushed by the
     * application or the {@code @connections} API.
     */
    void push(byte[] data) {
        if (data.length > endpoint.settings.maxMessageSize()) {
            throw new ConnectionException(ConnectionException.Reason.PAYLOAD_TOO_LARGE, "the message is "
                    + data.length + " bytes, over the API's " + endpoint.settings.maxMessageSize());
        }
        if (!outbound.push(Outgoing.message(data))) {
            throw outbound.isDone() ? gone() : new ConnectionException(ConnectionException.Reason.LIMIT_EXCEEDED,
                    "the client reads too slowly: its outbound buffer is full");
        }
        touch();
    }

    ConnectionException gone() {
        return new ConnectionException(ConnectionException.Reason.GONE, "connection " + id() + " is gone");
    }

    /** Queues an answer for the client, waiting for room when the queue is full (the next message is not read meanwhile). */
    private Mono<Void> enqueue(Outgoing outgoing) {
        touch();
        return outbound.enqueue(outgoing);
    }

    private void touch() {
        lastActiveNanos = System.nanoTime();
        lastActiveMillis = endpoint.clock.millis();
    }

    /** The idle bound, {@code delayNanos} from now: when it fires, the connection closes unless a message passed since. */
    private void armIdle(long delayNanos) {
        Timeout timer = Deadlines.schedule(Duration.ofNanos(delayNanos), () -> {
            long left = lastActiveNanos + endpoint.settings.idleTimeout().toNanos() - System.nanoTime();
            if (left <= 0) {
                close(GOING_AWAY);
            } else if (!over) {
                armIdle(left);
            }
        });
        idleTimer = timer;
        if (over) {
            timer.cancel();
        }
    }

    private static void cancel(@Nullable Timeout timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Runs the {@code $disconnect} route, if there is one: best effort, its answer unread, its failure logged. */
    private void disconnect(Close status) {
        ExchangeHandler route = endpoint.route(RouteKey.webSocket(RouteKey.DISCONNECT));
        if (route == null) {
            return;
        }
        GatewayExchange exchange = endpoint.event(RouteKey.webSocket(RouteKey.DISCONNECT),
                new EventRequest(rawPath, new byte[0], null, remoteAddress, scheme), path,
                context.disconnect(status.code(), status.reason()), authorization, sourceIp);
        Mono.defer(() -> route.handle(exchange)).subscribe(reply -> {
            GatewayError error = reply.error();
            if (error != null) {
                failures.warn("WebSocket api '{}': $disconnect answered {} {} (connection {})", endpoint.api.name(),
                        error.status(), error.message(), id());
            }
            RequestListener.completeNow(exchange, error != null ? error.status() : reply.status(), 0, error);
            StageEndpoint.drain(reply);
        }, e -> {
            exchange.facts().failure(e);
            RequestListener.completeNow(exchange, 500, 0, null);
            failures.warn("WebSocket api '{}': $disconnect failed: {} (connection {})", endpoint.api.name(),
                    RateLimitedLog.oneLine(e), id());
        });
    }

    /** How a connection ended: the status and reason {@code $disconnect} is told. */
    record Close(int code, String reason) {
    }
}
