package io.tollgate.core.integration;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestFaults;
import io.tollgate.core.response.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How a failed call to an HTTP backend becomes a gateway response: 504 on timeouts, 502 or 503 otherwise, 413; and
 * how it is logged. A client's fault (a broken or stalled body, a client that left) is DEBUG. A backend's fault is
 * one WARN line naming the route, the cause and the request id, never a stack trace, and at most
 * {@value #FAULT_LINES_PER_MINUTE} such lines a minute, so that a backend that is down cannot flood the log (the
 * stack trace, when there is one, is at DEBUG).
 */
final class IntegrationFailures {

    static final int FAULT_LINES_PER_MINUTE = 60;

    private static final Logger log = LoggerFactory.getLogger(IntegrationFailures.class);
    private static final RateLimitedLog faults = new RateLimitedLog(log, FAULT_LINES_PER_MINUTE);

    private IntegrationFailures() {
    }

    static Mono<Reply> reply(GatewayExchange exchange, Throwable error) {
        Mono<Reply> notTheBackends = RequestFaults.answer(error);
        if (notTheBackends != null) {
            return notTheBackends;
        }
        if (error instanceof RejectedExecutionException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.THROTTLED));
        }
        GatewayError answer;
        String what;
        if (error instanceof ReadTimeoutException || error instanceof ConnectTimeoutException
                || error instanceof PoolAcquireTimeoutException || error instanceof TimeoutException) {
            answer = GatewayError.of(GatewayResponseType.INTEGRATION_TIMEOUT);
            what = "timed out";
        } else if (error instanceof PoolAcquirePendingLimitException) {
            answer = new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 503, "Service Unavailable");
            what = "found its connection pool exhausted";
        } else {
            answer = new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 502, "Bad Gateway");
            what = "failed";
        }
        faults.warn("Route '{}': the integration {} and was answered {}: {} (request id {})", exchange.routeKey(), what,
                answer.status(), RateLimitedLog.oneLine(error), exchange.requestId());
        log.debug("Integration failure of request {}", exchange.requestId(), error);
        return Reply.errorMono(answer);
    }

    /** 503 at once: {@code max} uploads already stream to the backend at {@code authority}. */
    static Mono<Reply> uploadsExhausted(GatewayExchange exchange, String authority, int max) {
        faults.warn("Route '{}': {} uploads already stream to {}, the most allowed at once; answered 503 (request id {})",
                exchange.routeKey(), max, authority, exchange.requestId());
        return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 503, "Service Unavailable"));
    }

    /** 503 at once: {@code max} WebSocket sessions are open to the backend at {@code authority} already. */
    static Mono<Reply> sessionsExhausted(GatewayExchange exchange, String authority, int max) {
        faults.warn("Route '{}': {} WebSocket sessions are open to {}, the most allowed at once; answered 503 (request id {})",
                exchange.routeKey(), max, authority, exchange.requestId());
        return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 503, "Service Unavailable"));
    }

    /**
     * 413. The connection stays open: the server discards the rest of the body after answering, so the client reads
     * the answer; closing with the body unread would reset the connection and could lose the answer on its way.
     */
    static Mono<Reply> tooLarge() {
        return Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE));
    }
}
