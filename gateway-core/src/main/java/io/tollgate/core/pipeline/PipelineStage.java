package io.tollgate.core.pipeline;

import reactor.core.publisher.Mono;

/**
 * One stage of a route's pipeline. It may answer by itself (a rejection, a cache hit) or call {@code next} and
 * look at or change its reply. Stages are created per route at startup, only for the routes that configure them.
 */
public interface PipelineStage {

    /** Where the stage runs. */
    Phase phase();

    /** A short name for diagnostics ({@code cors}, {@code jwt-authorizer}). */
    String name();

    Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next);
}
