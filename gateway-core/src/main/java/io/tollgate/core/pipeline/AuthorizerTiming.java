package io.tollgate.core.pipeline;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What a route's authorizer decided and how long it took, recorded on the exchange when the request is observed.
 *
 * @param type      the authorizer's kind ({@code jwt}, {@code request}, {@code token}, {@code iam})
 * @param rejection the gateway response it answered with, or null when it let the request through
 * @param nanos     how long it took
 */
public record AuthorizerTiming(String type, @Nullable GatewayResponseType rejection, long nanos) {

    /** {@code allow}, {@code unauthorized} (401), {@code deny} (403: denied, bad signature) or {@code error} (authorizer failure). */
    public String outcome() {
        if (rejection == null) {
            return "allow";
        }
        return switch (rejection) {
            case UNAUTHORIZED -> "unauthorized";
            case ACCESS_DENIED, MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE, EXPIRED_TOKEN -> "deny";
            default -> "error";
        };
    }

    /**
     * {@code step} (a route's authorizer) timed: on observed requests its decision and latency are recorded on the
     * exchange ({@link RequestFacts#authorizer()}) and, when tracing is on, it runs in a child span.
     */
    public static PipelineStep measured(PipelineStep step, String type) {
        return new PipelineStep() {
            @Override
            public Phase phase() {
                return step.phase();
            }

            @Override
            public int order() {
                return step.order();
            }

            @Override
            public String name() {
                return step.name();
            }

            @Override
            public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
                RequestFacts facts = exchange.facts();
                if (!facts.observed()) {
                    return step.apply(exchange, next);
                }
                long start = System.nanoTime();
                ExchangeTracer.Step span = facts.tracer() == null ? null : facts.tracer().authorizer(type);
                boolean[] decided = new boolean[1];
                ExchangeHandler allowed = ex -> {
                    decided[0] = true;
                    record(facts, span, new AuthorizerTiming(type, null, System.nanoTime() - start), null);
                    return next.handle(ex);
                };
                return step.apply(exchange, allowed)
                        .doOnNext(reply -> {
                            if (!decided[0]) {
                                decided[0] = true;
                                GatewayError error = reply.error();
                                GatewayResponseType rejection = error != null ? error.type()
                                        : GatewayResponseType.AUTHORIZER_FAILURE;
                                record(facts, span, new AuthorizerTiming(type, rejection, System.nanoTime() - start), null);
                            }
                        })
                        .doOnError(e -> {
                            if (!decided[0]) {
                                decided[0] = true;
                                record(facts, span, new AuthorizerTiming(type, GatewayResponseType.AUTHORIZER_FAILURE,
                                        System.nanoTime() - start), e);
                            }
                        });
            }
        };
    }

    private static void record(RequestFacts facts, ExchangeTracer.@Nullable Step step, AuthorizerTiming timing,
                               @Nullable Throwable error) {
        facts.authorizer(timing);
        if (step != null) {
            step.stop(timing.outcome(), error);
        }
    }
}
