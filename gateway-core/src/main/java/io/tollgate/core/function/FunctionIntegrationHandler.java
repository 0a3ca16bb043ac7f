package io.tollgate.core.function;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.event.ProxyEvents;
import io.tollgate.core.event.WebSocketEvents;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.response.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A {@code FUNCTION} proxy integration: the request (body read whole, bounded) becomes AWS's proxy event, the
 * function runs with the integration timeout (then 504, and the invocation is cancelled) and at most
 * {@code maxConcurrency} invocations at once (more get 429 at once, nothing queues without bound); its result is read
 * as AWS reads proxy responses, a malformed one or a thrown error giving 502.
 */
final class FunctionIntegrationHandler implements ExchangeHandler {

    private static final Logger log = LoggerFactory.getLogger(FunctionIntegrationHandler.class);

    private final FunctionInvoker invoker;
    private final boolean v2;
    private final long maxBodySize;

    FunctionIntegrationHandler(FunctionInvoker invoker, FunctionIntegration integration, long maxBodySize) {
        this.invoker = invoker;
        this.v2 = integration.payloadFormatVersion().equals("2.0");
        this.maxBodySize = maxBodySize;
    }

    @Override
    public Mono<Reply> handle(GatewayExchange exchange) {
        String length = exchange.request().headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && parse(length) > maxBodySize) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE));
        }
        Mono<byte[]> body = exchange.request().hasBody()
                ? exchange.wholeBody(maxBodySize)
                : Mono.just(new byte[0]);
        return body.flatMap(bytes -> invoke(exchange, bytes))
                .onErrorResume(PayloadTooLargeException.class,
                        e -> Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE)));
    }

    private Mono<Reply> invoke(GatewayExchange exchange, byte[] body) {
        Map<String, Object> event = exchange.webSocket() != null ? WebSocketEvents.of(exchange, body)
                : v2 ? ProxyEvents.v2(exchange, body) : ProxyEvents.v1(exchange, body);
        return invoker.invoke(event, exchange)
                .map(result -> v2 ? ProxyResults.v2(result) : ProxyResults.v1(result, type -> binary(exchange, type)))
                .switchIfEmpty(Mono.fromSupplier(() -> v2 ? ProxyResults.v2(null) : ProxyResults.v1(null)))
                .onErrorResume(e -> failure(exchange, e));
    }

    /** REST APIs decode a base64 answer when its type, or the type the client accepts, is binary (AWS). */
    private static boolean binary(GatewayExchange exchange, String contentType) {
        return exchange.api().isBinary(contentType) || exchange.api().isBinary(exchange.request().headers().get("accept"));
    }

    private Mono<Reply> failure(GatewayExchange exchange, Throwable error) {
        if (error instanceof TimeoutException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.INTEGRATION_TIMEOUT));
        }
        if (error instanceof RejectedExecutionException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.THROTTLED));
        }
        if (error instanceof ProxyResults.MalformedResultException) {
            log.warn("Function '{}' returned a malformed proxy response (request id {}): {}", invoker.name(),
                    exchange.requestId(), error.getMessage());
        } else {
            log.warn("Function '{}' failed (request id {})", invoker.name(), exchange.requestId(), error);
        }
        String message = exchange.api().type() == ApiType.HTTP ? "Internal Server Error" : "Internal server error";
        return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 502, message));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
