package io.tollgate.core.edge;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a gateway's listener puts on its clients, so that slow, idle or malformed connections cannot hold its
 * resources. Every limit has a safe default ({@link #DEFAULTS}).
 *
 * @param requestHeaderTimeout     time from the first byte of a request (or the connection's start, for its first
 *                                 request) until its request line and headers are all received; then 408 and close
 * @param bodyIdleTimeout          longest pause between two parts of a request body; a stalled upload is answered
 *                                 408 and its backend exchange aborted
 * @param keepAliveTimeout         how long a connection may wait, idle, for its next request
 * @param maxConnections           client connections open at once; more are closed as soon as accepted (0: no limit)
 * @param maxConnectionsPerAddress client connections open at once from one client address (0: no limit)
 */
public record EdgeSettings(Duration requestHeaderTimeout, Duration bodyIdleTimeout, Duration keepAliveTimeout,
                           int maxConnections, int maxConnectionsPerAddress) {

    /** 10 s for headers, 30 s between body parts, 60 s keep-alive, 10,000 connections, no per-address limit. */
    public static final EdgeSettings DEFAULTS = new EdgeSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 10_000, 0);

    public EdgeSettings {
        positive(requestHeaderTimeout, "requestHeaderTimeout");
        positive(bodyIdleTimeout, "bodyIdleTimeout");
        positive(keepAliveTimeout, "keepAliveTimeout");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must not be negative");
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must not be negative");
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
