package io.tollgate.core.websocket;

import reactor.core.publisher.Mono;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections open on this instance, by id: what {@link WebSocketConnections} operates on. It belongs to the
 * {@link WebSocketApiFeature}, so it outlives the gateways built with it (a redeployment keeps every connection).
 */
final class LocalConnections implements WebSocketConnections {

    /** The close of a connection the application (or the {@code @connections} API) deleted, as AWS's. */
    static final ApiConnection.Close DELETED = new ApiConnection.Close(1000, "Connection Closed Normally");

    private final ConcurrentMap<String, ApiConnection> open = new ConcurrentHashMap<>();

    void add(ApiConnection connection) {
        open.put(connection.id(), connection);
    }

    void remove(ApiConnection connection) {
        open.remove(connection.id(), connection);
    }

    /** The ids of the connections open now. */
    java.util.Set<String> ids() {
        return java.util.Set.copyOf(open.keySet());
    }

    private Mono<ApiConnection> find(String connectionId) {
        return Mono.fromCallable(() -> {
            ApiConnection connection = open.get(connectionId);
            if (connection == null) {
                throw new ConnectionException(ConnectionException.Reason.GONE, "connection " + connectionId + " is gone");
            }
            return connection;
        });
    }

    /** Connection {@code connectionId} when it is open on {@code endpoint}'s stage; GONE otherwise. */
    Mono<ApiConnection> find(StageEndpoint endpoint, String connectionId) {
        return find(connectionId).flatMap(connection -> connection.endpoint().api.name().equals(endpoint.api.name())
                && connection.endpoint().stage.name().equals(endpoint.stage.name()) ? Mono.just(connection)
                : Mono.error(connection.gone()));
    }

    @Override
    public Mono<Void> send(String connectionId, byte[] data) {
        return find(connectionId).doOnNext(connection -> connection.push(data)).then();
    }

    @Override
    public Mono<ConnectionInfo> get(String connectionId) {
        return find(connectionId).map(ApiConnection::info);
    }

    @Override
    public Mono<Void> close(String connectionId) {
        return find(connectionId).doOnNext(connection -> connection.close(DELETED)).then();
    }

    @Override
    public int count(String api, String stage) {
        int count = 0;
        for (ApiConnection connection : open.values()) {
            StageEndpoint endpoint = connection.endpoint();
            if (endpoint.api.name().equals(api) && endpoint.stage.name().equals(stage)) {
                count++;
            }
        }
        return count;
    }
}
