package io.tollgate.core.integration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection pool and client settings of HTTP integrations. The defaults keep idle connections for less time
 * than common backend keep-alive timeouts (4 s against 5 s for Node.js and Apache), so the gateway closes an idle
 * connection before the backend does and never sends a request into a connection the backend is closing.
 *
 * @param maxConnections        connections per backend address
 * @param pendingAcquireMaxCount requests that may wait for a connection before new ones fail with 503
 * @param pendingAcquireTimeout how long a request waits for a connection (then 504)
 * @param maxIdleTime           how long a connection may stay idle in the pool
 * @param maxLifeTime           how long a connection may live at all
 * @param connectTimeout        TCP connect timeout
 */
public record ProxyClientSettings(int maxConnections, int pendingAcquireMaxCount, Duration pendingAcquireTimeout,
                                  Duration maxIdleTime, Duration maxLifeTime, Duration connectTimeout) {

    public static final ProxyClientSettings DEFAULTS = new ProxyClientSettings(500, 1000, Duration.ofSeconds(10),
            Duration.ofSeconds(4), Duration.ofMinutes(5), Duration.ofSeconds(10));

    public ProxyClientSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (pendingAcquireMaxCount < 1) {
            throw new IllegalArgumentException("pendingAcquireMaxCount must be at least 1");
        }
        Objects.requireNonNull(pendingAcquireTimeout, "pendingAcquireTimeout");
        Objects.requireNonNull(maxIdleTime, "maxIdleTime");
        Objects.requireNonNull(maxLifeTime, "maxLifeTime");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** A pooled client with these settings. Dispose {@code provider} when the gateway stops. */
    public HttpClient createClient(ConnectionProvider provider) {
        return HttpClient.create(provider)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .keepAlive(true)
                .compress(false);
    }

    /** The connection pool for these settings. */
    public ConnectionProvider createConnectionProvider(String name) {
        return ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(pendingAcquireMaxCount)
                .pendingAcquireTimeout(pendingAcquireTimeout)
                .maxIdleTime(maxIdleTime)
                .maxLifeTime(maxLifeTime)
                .evictInBackground(maxIdleTime)
                .build();
    }
}
