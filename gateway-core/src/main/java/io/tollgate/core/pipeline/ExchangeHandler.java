package io.tollgate.core.pipeline;

import reactor.core.publisher.Mono;

/** Handles an exchange: an integration, or a whole compiled pipeline. */
@FunctionalInterface
public interface ExchangeHandler {

    Mono<Reply> handle(GatewayExchange exchange);
}
