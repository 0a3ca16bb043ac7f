package io.tollgate.core.websocket;

import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Where the connections of the other gateway instances are found. A connection lives on the instance that accepted
 * it; an operation on one that is not open here ({@link WebSocketConnections#send}, the {@code @connections} API)
 * goes to the directory, which finds its instance and has it carried out there, through {@link Here} on that instance.
 * {@link #LOCAL} knows no other instance (a connection not open here is gone); the one in
 * {@code io.tollgate.core.websocket.redis} keeps the registry in Redis and carries operations over pub/sub.
 */
public interface ConnectionDirectory extends AutoCloseable {

    /** A single instance's directory: every connection is here or gone. */
    ConnectionDirectory LOCAL = new ConnectionDirectory() {
        @Override
        public void bind(Here here) {
        }

        @Override
        public Mono<Void> opened(String connectionId) {
            return Mono.empty();
        }

        @Override
        public void closed(String connectionId) {
        }

        @Override
        public Mono<Void> send(ConnectionScope scope, String connectionId, byte[] data) {
            return Mono.error(Here.gone(connectionId));
        }

        @Override
        public Mono<ConnectionInfo> get(ConnectionScope scope, String connectionId) {
            return Mono.error(Here.gone(connectionId));
        }

        @Override
        public Mono<Void> close(ConnectionScope scope, String connectionId) {
            return Mono.error(Here.gone(connectionId));
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "this instance's connections only";
        }
    };

    /** The operations on this instance's own connections, which the directory carries out for other instances. */
    interface Here {

        /** Sends to a connection open here (as {@link WebSocketConnections#send}), within {@code scope}. */
        Mono<Void> send(ConnectionScope scope, String connectionId, byte[] data);

        /** Describes a connection open here, within {@code scope}. */
        Mono<ConnectionInfo> get(ConnectionScope scope, String connectionId);

        /** Closes a connection open here, within {@code scope}. */
        Mono<Void> close(ConnectionScope scope, String connectionId);

        /** The ids of the connections open here now. */
        Set<String> ids();

        /** The failure of an operation on a connection that is not open (AWS's {@code GoneException}). */
        static ConnectionException gone(String connectionId) {
            return new ConnectionException(ConnectionException.Reason.GONE, "connection " + connectionId + " is gone");
        }
    }

    /** Called once, by the feature that owns this instance's connections, before any other method. */
    void bind(Here here);

    /**
     * A connection is being opened here: the directory tells the other instances where it is. Completes once they can
     * find it, or once the directory gave up (its store down or slow: bounded by its timeout); never fails. The client
     * gets its handshake's answer after it.
     */
    Mono<Void> opened(String connectionId);

    /** A connection opened here has ended. Never blocks. */
    void closed(String connectionId);

    /**
     * Sends {@code data} to connection {@code connectionId}, which is not open here, on the instance it is open on.
     * Fails with {@link ConnectionException}: GONE when no instance has it, UNAVAILABLE when the directory cannot be
     * asked (its store is down) or the instance does not answer in time, as the instance's own send fails otherwise.
     */
    Mono<Void> send(ConnectionScope scope, String connectionId, byte[] data);

    /** Describes connection {@code connectionId}, which is not open here (failures as {@link #send}'s). */
    Mono<ConnectionInfo> get(ConnectionScope scope, String connectionId);

    /** Closes connection {@code connectionId}, which is not open here (failures as {@link #send}'s). */
    Mono<Void> close(ConnectionScope scope, String connectionId);

    /** Stops: this instance's connections are no longer found through it. */
    @Override
    void close();
}
