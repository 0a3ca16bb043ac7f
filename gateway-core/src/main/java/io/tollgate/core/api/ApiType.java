package io.tollgate.core.api;

/**
 * The three kinds of Amazon API Gateway APIs. HTTP and REST APIs route requests by method and path, and the type chooses
 * AWS's defaults where the two differ (the response to an unmatched route, default messages, the request id header);
 * a WebSocket API holds connections and routes each message by its route selection expression.
 */
public enum ApiType {
    /** An HTTP API: unmatched routes answer 404 {@code {"message":"Not Found"}}. */
    HTTP,
    /** A REST API: unmatched routes answer 403 {@code {"message":"Missing Authentication Token"}}. */
    REST,
    /**
     * A WebSocket API: its stage's URL takes WebSocket connections ({@code $connect}, {@code $disconnect}) and each
     * message goes to the route its {@link Api#routeSelectionExpression() route selection expression} names.
     */
    WEBSOCKET
}
