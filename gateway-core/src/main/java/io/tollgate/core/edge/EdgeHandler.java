package io.tollgate.core.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.tollgate.core.pipeline.RequestBodyException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.channel.ChannelOperations;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's edge: sits right after the HTTP codec (and, through {@link #rawBytes()}, right before it),
 * on the connection's event loop, so its state needs no synchronisation. It
 * <ul>
 *   <li>refuses requests whose framing RFC 9112 calls faulty: a {@code Transfer-Encoding} other than a lone
 *       {@code chunked} (400; 501 for a coding it does not implement before {@code chunked}), one beside a
 *       {@code Content-Length}, two {@code Transfer-Encoding} fields, an HTTP/1.1 request without exactly one
 *       {@code Host}: answered and the connection closed;</li>
 *   <li>closes a connection whose request line and headers do not all arrive within the request header timeout
 *       (408 when part of them came);</li>
 *   <li>fails the request body stream when the body breaks (a bad chunk) or stalls past the body idle timeout, so
 *       that whoever reads it stops: a backend exchange is aborted, never ended cleanly, and nothing runs on a
 *       partial body; a stalled request is answered 408 and its connection closed;</li>
 *   <li>holds a place among the connection limits while the connection is open.</li>
 * </ul>
 * Timers are armed once and re-armed when they fire, rather than rescheduled on every read.
 */
final class EdgeHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    private final long headerTimeoutNanos;
    private final long bodyIdleNanos;
    private final ConnectionLimiter limiter;

    @SuppressWarnings("NullAway.Init") // set in handlerAdded, which Netty calls before any other method
    private ChannelHandlerContext context;
    private @Nullable InetAddress address;
    private boolean admitted;

    /** True between requests: bytes that arrive belong to the next request's head. */
    private boolean awaitingHead = true;
    private boolean headBytesSeen;
    /** The request head clock runs: since the connection started, or since its next request's first byte. */
    private boolean headClockRunning;
    private long headStarted;
    private @Nullable ScheduledFuture<?> headerTimer;

    private boolean inBody;
    private long lastBodyRead;
    private @Nullable ScheduledFuture<?> bodyTimer;

    /** Requests passed on whose response has not ended. */
    private int inFlight;
    /** A request was refused here: everything that follows on the connection is dropped. */
    private boolean refused;
    /** Close the connection once the current response is written (its request body stalled). */
    private boolean closeAfterResponse;
    /**
     * The connection switched protocols (a WebSocket upgrade answered 101): what follows are frames, not requests, so
     * the request timers are off and everything passes through; the session keeps its own idle timeout.
     */
    private boolean upgraded;

    EdgeHandler(EdgeSettings settings, ConnectionLimiter limiter) {
        this.headerTimeoutNanos = settings.requestHeaderTimeout().toNanos();
        this.bodyIdleNanos = settings.bodyIdleTimeout().toNanos();
        this.limiter = limiter;
    }

    /** The handler that goes before the HTTP codec: it notes when the bytes of a request head start to arrive. */
    ChannelInboundHandlerAdapter rawBytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!upgraded && awaitingHead && !headBytesSeen && msg instanceof ByteBuf buffer && buffer.isReadable()) {
                    headBytesSeen = true;
                    if (!headClockRunning) {
                        headClockRunning = true;
                        headStarted = System.nanoTime();
                        armHeaderTimer(headerTimeoutNanos);
                    }
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress socket) {
            address = socket.getAddress();
        }
        if (!limiter.acquire(address)) {
            log.debug("Connection from {} refused: connection limit reached", address);
            ctx.close();
            return;
        }
        admitted = true;
        // a new connection must deliver its first request head in time, whether or not any byte comes
        headClockRunning = true;
        headStarted = System.nanoTime();
        armHeaderTimer(headerTimeoutNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted) {
            admitted = false;
            limiter.release(address);
        }
        cancel(headerTimer);
        cancel(bodyTimer);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgraded) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            awaitingHead = false;
            headBytesSeen = false;
            headClockRunning = false;
            String refusal = request.decoderResult().isSuccess() ? framingProblem(request)
                    : undecodable(request.decoderResult().cause());
            if (refusal != null && refuse(ctx, request, refusal)) {
                return;
            }
            inFlight++;
            if (!(msg instanceof LastHttpContent) && announcesBody(request)) {
                inBody = true;
                lastBodyRead = System.nanoTime();
                armBodyTimer(bodyIdleNanos);
            }
        }
        if (msg instanceof HttpContent content) {
            DecoderResult result = content.decoderResult();
            if (result.isFailure() && !(msg instanceof HttpRequest)) {
                // the body broke: fail its stream before Reactor Netty answers 400 and ends it, so that no reader
                // takes what came so far for the whole body
                if (log.isDebugEnabled()) {
                    log.debug("{}: the request body is malformed, answered 400: {}", ctx.channel().remoteAddress(),
                            result.cause().toString());
                }
                failBody(ctx, RequestBodyException.malformed(result.cause()));
            }
            if (inBody) {
                lastBodyRead = System.nanoTime();
            }
            if (msg instanceof LastHttpContent) {
                inBody = false;
                awaitingHead = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            upgraded = true;
            headClockRunning = false;
            inBody = false;
            cancel(headerTimer);
            cancel(bodyTimer);
        }
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response && isInformational(response))) {
            if (inFlight > 0) {
                inFlight--;
            }
            if (closeAfterResponse) {
                ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.write(msg, promise);
    }

    private static boolean isInformational(HttpResponse response) {
        int code = response.status().code();
        return code >= 100 && code < 200;
    }

    /** What is wrong with the request's framing, or null when it is sound. */
    static @Nullable String framingProblem(HttpRequest request) {
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (codings.size() > 1) {
                return "400 more than one Transfer-Encoding field";
            }
            if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "400 Transfer-Encoding with Content-Length";
            }
            if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                return "400 Transfer-Encoding in an HTTP/1.0 request";
            }
            String value = codings.get(0).trim();
            if (!value.equalsIgnoreCase("chunked")) {
                String[] parts = value.split(",", -1);
                for (int i = 0; i < parts.length - 1; i++) {
                    if (parts[i].trim().equalsIgnoreCase("chunked")) {
                        return "400 chunked applied more than once or not last";
                    }
                }
                return parts[parts.length - 1].trim().equalsIgnoreCase("chunked")
                        ? "501 unsupported transfer coding " + value
                        : "400 chunked is not the final transfer coding";
            }
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
            if (hosts != 1) {
                return hosts == 0 ? "400 no Host header" : "400 more than one Host header";
            }
        }
        return null;
    }

    /** The answer to a request head the codec could not decode (Reactor Netty's statuses, with a JSON message). */
    private static String undecodable(@Nullable Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return "414 request line too long";
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return "431 request headers too large";
        }
        return "400 " + (cause == null ? "malformed request" : cause.getMessage());
    }

    private static boolean announcesBody(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || HttpUtil.getContentLength(request, 0L) > 0;
    }

    /**
     * Refuses a request: answered here and the connection closed when no earlier request is still being answered;
     * otherwise marked as failed, so Reactor Netty answers it 400, in order, and closes. Returns true when the
     * request was consumed here.
     */
    private boolean refuse(ChannelHandlerContext ctx, HttpRequest request, String problem) {
        int status = Integer.parseInt(problem.substring(0, 3));
        String reason = problem.substring(4);
        log.debug("Request refused on {}: {}", ctx.channel(), reason);
        if (inFlight > 0) {
            if (request.decoderResult().isSuccess()) {
                request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(reason)));
            }
            return false;
        }
        refused = true;
        ReferenceCountUtil.release(request);
        cancel(headerTimer);
        answerAndClose(ctx, HttpResponseStatus.valueOf(status));
        return true;
    }

    private static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status) {
        byte[] body = ("{\"message\":\"" + status.reasonPhrase() + "\"}").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Signals {@code error} inside the current request's body stream, if it is still being read. */
    private static void failBody(ChannelHandlerContext ctx, RequestBodyException error) {
        ChannelOperations<?, ?> ops = ChannelOperations.get(ctx.channel());
        if (ops != null && !ops.isInboundDisposed() && !ops.isInboundCancelled()) {
            // reaches Reactor Netty's bridge handler, which fails the inbound stream with it
            ctx.fireExceptionCaught(error);
        }
    }

    private void armHeaderTimer(long delayNanos) {
        if (headerTimer == null) {
            headerTimer = context.executor().schedule(this::headerTimerFired, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void headerTimerFired() {
        headerTimer = null;
        if (upgraded || !headClockRunning || !context.channel().isActive() || refused) {
            return;
        }
        long left = headStarted + headerTimeoutNanos - System.nanoTime();
        if (left > 0 || inFlight > 0) {
            // an earlier request is still being answered: its answer goes out first
            armHeaderTimer(left > 0 ? left : headerTimeoutNanos);
            return;
        }
        refused = true;
        if (headBytesSeen) {
            log.debug("Request head not received in time on {}: 408", context.channel());
            answerAndClose(context, HttpResponseStatus.REQUEST_TIMEOUT);
        } else {
            log.debug("No request on {} in time: closed", context.channel());
            context.close();
        }
    }

    private void armBodyTimer(long delayNanos) {
        if (bodyTimer == null) {
            bodyTimer = context.executor().schedule(this::bodyTimerFired, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void bodyTimerFired() {
        bodyTimer = null;
        if (upgraded || !inBody || !context.channel().isActive()) {
            return;
        }
        long left = lastBodyRead + bodyIdleNanos - System.nanoTime();
        if (left > 0) {
            armBodyTimer(left);
            return;
        }
        inBody = false;
        log.debug("Request body stalled on {}: 408", context.channel());
        if (inFlight == 0) {
            context.close(); // already answered: nobody waits for the rest of the body
            return;
        }
        closeAfterResponse = true;
        failBody(context, RequestBodyException.timedOut());
    }

    private static void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
