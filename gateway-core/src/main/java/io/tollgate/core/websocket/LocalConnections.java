package io.tollgate.core.websocket;

import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections open on this instance, by id, and through the {@link ConnectionDirectory} those of the other
 * instances: what {@link WebSocketConnections} and the {@code @connections} API operate on. An operation on a
 * connection open here is carried out at once; on any other, by the directory. It belongs to the
 * {@link WebSocketApiFeature}, so it outlives the gateways built with it (a redeployment keeps every connection).
 */
final class LocalConnections implements WebSocketConnections, ConnectionDirectory.Here {

    /** The close of a connection the application (or the {@code @connections} API) deleted, as AWS's. */
    static final ApiConnection.Close DELETED = new ApiConnection.Close(1000, "Connection Closed Normally");

    private final ConcurrentMap<String, ApiConnection> open = new ConcurrentHashMap<>();
    private final ConnectionDirectory directory;

    LocalConnections(ConnectionDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        directory.bind(this);
    }

    /**
     * Opens {@code connection} here once the directory can find it from every instance (or has given up: the
     * connection is open here anyway).
     */
    Mono<Void> add(ApiConnection connection) {
        return directory.opened(connection.id()).then(Mono.fromRunnable(() -> open.put(connection.id(), connection)));
    }

    void remove(ApiConnection connection) {
        if (open.remove(connection.id(), connection)) {
            directory.closed(connection.id());
        }
    }

    @Override
    public Set<String> ids() {
        return Set.copyOf(open.keySet());
    }

    /** Connection {@code connectionId} when it is open here, in {@code scope}; GONE when it is open here outside it. */
    private Mono<ApiConnection> here(ConnectionScope scope, String connectionId) {
        return Mono.fromCallable(() -> {
            ApiConnection connection = open.get(connectionId);
            if (connection == null || !scope.includes(connection.endpoint().api.name(), connection.endpoint().stage.name())) {
                throw ConnectionDirectory.Here.gone(connectionId);
            }
            return connection;
        });
    }

    @Override
    public Mono<Void> send(ConnectionScope scope, String connectionId, byte[] data) {
        return here(scope, connectionId).doOnNext(connection -> connection.push(data)).then();
    }

    @Override
    public Mono<ConnectionInfo> get(ConnectionScope scope, String connectionId) {
        return here(scope, connectionId).map(ApiConnection::info);
    }

    @Override
    public Mono<Void> close(ConnectionScope scope, String connectionId) {
        return here(scope, connectionId).doOnNext(connection -> connection.close(DELETED)).then();
    }

    /** Sends to connection {@code connectionId} in {@code scope}, wherever it is open. */
    Mono<Void> sendAnywhere(ConnectionScope scope, String connectionId, byte[] data) {
        return open.containsKey(connectionId) ? send(scope, connectionId, data)
                : directory.send(scope, connectionId, data);
    }

    /** Describes connection {@code connectionId} in {@code scope}, wherever it is open. */
    Mono<ConnectionInfo> getAnywhere(ConnectionScope scope, String connectionId) {
        return open.containsKey(connectionId) ? get(scope, connectionId) : directory.get(scope, connectionId);
    }

    /** Closes connection {@code connectionId} in {@code scope}, wherever it is open. */
    Mono<Void> closeAnywhere(ConnectionScope scope, String connectionId) {
        return open.containsKey(connectionId) ? close(scope, connectionId) : directory.close(scope, connectionId);
    }

    @Override
    public Mono<Void> send(String connectionId, byte[] data) {
        return sendAnywhere(ConnectionScope.ANY, connectionId, data);
    }

    @Override
    public Mono<ConnectionInfo> get(String connectionId) {
        return getAnywhere(ConnectionScope.ANY, connectionId);
    }

    @Override
    public Mono<Void> close(String connectionId) {
        return closeAnywhere(ConnectionScope.ANY, connectionId);
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
