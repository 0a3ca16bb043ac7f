package io.tollgate.core.pipeline;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;

import java.util.Map;

/**
 * Serves the stages of an API type that is not routed by method and path: a WebSocket API takes connections at its
 * stage's URL and routes each message by its route selection expression. The builder compiles such an API's routes as it
 * compiles any other's (the same steps and integrations), then hands this factory each stage with its routes' pipelines;
 * the handler it returns answers every request to that stage.
 */
public interface ApiEndpointFactory {

    /** The API type this factory serves. */
    ApiType type();

    /**
     * The handler of every request to one stage ({@code stage}'s route is empty), given the stage's compiled route
     * pipelines by route key, and {@code steps}, which compiles routes of the endpoint's own (a management API's) the
     * same way.
     */
    ExchangeHandler create(RouteContext stage, Map<RouteKey, ExchangeHandler> routes, Steps steps);

    /** Compiles a route of the endpoint's own on its stage: the steps it configures, around the endpoint's handler. */
    @FunctionalInterface
    interface Steps {

        /**
         * {@code route}'s steps (its authorizer, throttles and the like, placed as on any route) around
         * {@code terminal}, which stands for its integration.
         */
        ExchangeHandler around(Route route, ExchangeHandler terminal);

        /**
         * {@code terminal} observed as the stage's unmatched requests are (their access log, their metrics under
         * {@code $unmatched}): for what no route of the endpoint takes (a message without a route). No step runs.
         */
        default ExchangeHandler unmatched(ExchangeHandler terminal) {
            return terminal;
        }
    }
}
