package io.tollgate.autoconfigure;

import io.tollgate.core.edge.EdgeSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The limits the server puts on its clients ({@code tollgate.server.edge.*}), so that slow, idle or malformed
 * connections cannot hold its resources. They apply to every HTTP/1.1 connection of the application's Reactor Netty
 * server, the gateway's routes and the application's own endpoints alike.
 *
 * @param enabled                  whether the limits and strict request framing apply
 * @param requestHeaderTimeout     time from the first byte of a request (or the connection's start, for its first
 *                                 request) until its request line and headers have all arrived; then 408 and close
 * @param bodyIdleTimeout          longest pause between two parts of a request body; a stalled upload is answered 408,
 *                                 its connection closed and its backend exchange aborted
 * @param keepAliveTimeout         how long a connection may wait, idle, for its next request (overrides
 *                                 server.netty.idle-timeout)
 * @param maxConnections           client connections open at once; more are closed as soon as accepted (0: no limit)
 * @param maxConnectionsPerAddress client connections open at once from one client address (0: no limit)
 */
@ConfigurationProperties("tollgate.server.edge")
public record TollgateEdgeProperties(@DefaultValue("true") boolean enabled,
                                     @DefaultValue("10s") Duration requestHeaderTimeout,
                                     @DefaultValue("30s") Duration bodyIdleTimeout,
                                     @DefaultValue("60s") Duration keepAliveTimeout,
                                     @DefaultValue("10000") int maxConnections,
                                     @DefaultValue("0") int maxConnectionsPerAddress) {

    private static final String PREFIX = "tollgate.server.edge.";

    public TollgateEdgeProperties {
        positive(requestHeaderTimeout, "request-header-timeout");
        positive(bodyIdleTimeout, "body-idle-timeout");
        positive(keepAliveTimeout, "keep-alive-timeout");
        if (maxConnections < 0) {
            throw new IllegalArgumentException(PREFIX + "max-connections must be 0 (no limit) or more, not "
                    + maxConnections);
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException(PREFIX + "max-connections-per-address must be 0 (no limit) or more, not "
                    + maxConnectionsPerAddress);
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be a positive duration, not " + value);
        }
    }

    EdgeSettings toSettings() {
        return new EdgeSettings(requestHeaderTimeout, bodyIdleTimeout, keepAliveTimeout, maxConnections,
                maxConnectionsPerAddress);
    }
}
