package io.tollgate.core.pipeline;

import reactor.core.publisher.Mono;

/**
 * One step of a route's pipeline. It may answer by itself (a rejection, a cache hit) or call {@code next} and look at
 * or change its reply. Steps are created per route at startup, only for the routes that configure them, and run in
 * the order of their {@link #phase()}, then of their {@link #order()}.
 */
public interface PipelineStep {

    /** Where the step runs. */
    Phase phase();

    /** Where the step runs within its phase: see {@link StepOrder} for the built-in steps' places. */
    default int order() {
        return StepOrder.DEFAULT;
    }

    /** A short name for diagnostics ({@code cors}, {@code jwt-authorizer}). */
    String name();

    Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next);
}
