package io.tollgate.core.websocket;

import org.jspecify.annotations.Nullable;

/**
 * Which connections an operation may reach: those of one API stage (the {@code @connections} API of that stage), or
 * any ({@link #ANY}: the application's {@link WebSocketConnections}). A connection outside the scope is gone to it.
 *
 * @param api   the API's name, or null for any API
 * @param stage the stage's name, or null for any stage
 */
public record ConnectionScope(@Nullable String api, @Nullable String stage) {

    /** Every connection of every API. */
    public static final ConnectionScope ANY = new ConnectionScope(null, null);

    /** Whether a connection of {@code connectionApi}'s stage {@code connectionStage} is in this scope. */
    public boolean includes(String connectionApi, String connectionStage) {
        return (api == null || api.equals(connectionApi)) && (stage == null || stage.equals(connectionStage));
    }
}
