package io.tollgate.core.websocket;

import reactor.core.publisher.Mono;

/**
 * The live connections of the gateway's WebSocket APIs, by connection id: what Amazon API Gateway's {@code @connections}
 * API does (send a message, describe a connection, close it), for the application's own code. A connection open on
 * another instance is reached through the feature's {@link ConnectionDirectory} (with the Redis one, wherever it is);
 * a connection id that is not open anywhere fails with {@link ConnectionException.Reason#GONE}, and one whose instance
 * cannot be reached with {@link ConnectionException.Reason#UNAVAILABLE}.
 */
public interface WebSocketConnections {

    /**
     * Sends {@code data} to connection {@code connectionId}: a text message when it is UTF-8, a binary one otherwise.
     * Completes once it is queued for the client. Fails with {@link ConnectionException.Reason#PAYLOAD_TOO_LARGE}
     * beyond the API's message size, {@link ConnectionException.Reason#LIMIT_EXCEEDED} when the client reads too slowly
     * for it to be queued, {@link ConnectionException.Reason#GONE} when the connection is not open.
     */
    Mono<Void> send(String connectionId, byte[] data);

    /** What connection {@code connectionId} is: when it was made, who made it, when it last passed a message. */
    Mono<ConnectionInfo> get(String connectionId);

    /** Closes connection {@code connectionId} (1000, as AWS's {@code DeleteConnection}); completes once the close is sent. */
    Mono<Void> close(String connectionId);

    /** How many connections are open on this instance on the stage {@code stage} of the API {@code api} (by name). */
    int count(String api, String stage);
}
