package io.tollgate.core.pipeline;

import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

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

    /**
     * Tells {@code exchange}'s listeners, if it is observed, how it ended, when no reply writer does: a WebSocket API's
     * event, whose answer goes to a connection (or nowhere), not to an HTTP response. Once; later calls do nothing.
     */
    static void completeNow(GatewayExchange exchange, int status, long responseLength, @Nullable GatewayError error) {
        RequestFacts facts = exchange.facts();
        Completion completion = facts.completion();
        if (completion != null) {
            facts.completion(null);
            completion.complete(exchange, new RequestOutcome(status, responseLength, error,
                    System.nanoTime() - exchange.startNanos(), facts.failure()));
        }
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
