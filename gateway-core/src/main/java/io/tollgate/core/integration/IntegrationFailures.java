package io.tollgate.core.integration;

import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestBodyException;
import io.tollgate.core.response.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import java.io.IOException;

/** How a failed call to an HTTP backend becomes a gateway response: 504 on timeouts, 502 or 503 otherwise, 413. */
final class IntegrationFailures {

    private static final Logger log = LoggerFactory.getLogger(IntegrationFailures.class);

    private IntegrationFailures() {
    }

    static Mono<Reply> reply(Throwable error) {
        if (error instanceof PayloadTooLargeException) {
            return tooLarge();
        }
        RequestBodyException body = RequestBodyException.find(error);
        if (body != null) {
            // the client's fault: the backend exchange was aborted with it
            log.debug("Request body failed: {}", body.getMessage());
            return Reply.errorMono(body.error());
        }
        if (error instanceof ReadTimeoutException || error instanceof ConnectTimeoutException
                || error instanceof PoolAcquireTimeoutException || error instanceof java.util.concurrent.TimeoutException) {
            log.debug("Integration timed out", error);
            return Reply.errorMono(GatewayError.of(GatewayResponseType.INTEGRATION_TIMEOUT));
        }
        if (error instanceof java.util.concurrent.RejectedExecutionException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.THROTTLED));
        }
        if (error instanceof PoolAcquirePendingLimitException) {
            log.warn("Integration connection pool exhausted: {}", error.getMessage());
            return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 503, "Service Unavailable"));
        }
        if (error instanceof PrematureCloseException || error instanceof IOException) {
            log.debug("Integration failed: {}", error.toString());
        } else {
            log.warn("Integration failed unexpectedly", error);
        }
        return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 502, "Bad Gateway"));
    }

    /**
     * 413. The connection stays open: the server discards the rest of the body after answering, so the client reads
     * the answer; closing with the body unread would reset the connection and could lose the answer on its way.
     */
    static Mono<Reply> tooLarge() {
        return Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE));
    }
}
