package io.tollgate.core.pipeline;

import java.util.List;

/**
 * Watches the requests of one route (or of an API stage's unmatched requests): metrics, access logs, execution logs,
 * traces. Created per route at startup by a {@link RequestListenerFactory}, and only for the routes that use it, so a
 * gateway without any costs nothing per request.
 */
public interface RequestListener {

    /**
     * Called as a request enters its route's pipeline; returns what is told when its reply has been sent (the body
     * written, or dropped). It may record typed state on the exchange ({@link GatewayExchange#tracer(ExchangeTracer)}).
     */
    Completion start(GatewayExchange exchange);

    /** Told once when a request completes. */
    @FunctionalInterface
    interface Completion {

        void complete(GatewayExchange exchange, RequestOutcome outcome);
    }

    /** One listener telling all of {@code listeners}, in order. */
    static RequestListener all(List<RequestListener> listeners) {
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        RequestListener[] array = listeners.toArray(new RequestListener[0]);
        return exchange -> {
            Completion[] completions = new Completion[array.length];
            for (int i = 0; i < array.length; i++) {
                completions[i] = array[i].start(exchange);
            }
            return (ex, outcome) -> {
                for (Completion completion : completions) {
                    completion.complete(ex, outcome);
                }
            };
        };
    }
}
