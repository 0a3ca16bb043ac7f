package io.tollgate.core.server;

import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RouteContext;

import java.util.ArrayList;
import java.util.List;

/** Puts a route's request listeners in front of its compiled pipeline (nothing when none watches the route). */
final class Listeners {

    private Listeners() {
    }

    /** The listeners of a route: those the factories create for it (none: the route is not observed). */
    static List<RequestListener> of(RouteContext context, List<RequestListenerFactory> factories) {
        List<RequestListener> listeners = new ArrayList<>();
        for (RequestListenerFactory factory : factories) {
            factory.create(context).ifPresent(listeners::add);
        }
        return listeners;
    }

    static CompiledPipeline watch(CompiledPipeline pipeline, List<RequestListener> listeners) {
        if (listeners.isEmpty()) {
            return pipeline;
        }
        RequestListener listener = RequestListener.all(listeners);
        ExchangeHandler handler = pipeline.handler();
        ExchangeHandler watched = exchange -> {
            exchange.observe().completion(listener.start(exchange));
            return handler.handle(exchange);
        };
        return new CompiledPipeline(watched, pipeline.steps());
    }
}
