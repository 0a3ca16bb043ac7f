package io.tollgate.core.websocket;

import java.util.Objects;

/** Why an operation on a WebSocket connection ({@link WebSocketConnections}) failed: AWS's {@code @connections} errors. */
public final class ConnectionException extends RuntimeException {

    /** The failures, with the HTTP status AWS's {@code @connections} API answers them with. */
    public enum Reason {
        /** The connection is not open (closed, never made, or another API's): 410. */
        GONE(410),
        /** The client's outbound buffer is full (it reads too slowly): 429. */
        LIMIT_EXCEEDED(429),
        /** The message is larger than the API's message size: 413. */
        PAYLOAD_TOO_LARGE(413),
        /**
         * The connection is open on another instance, which could not be reached: the directory's store (Redis) is
         * down or slow, or the instance did not answer in time: 503.
         */
        UNAVAILABLE(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status of AWS's {@code @connections} API for this failure. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public ConnectionException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
