package io.tollgate.testsupport;

import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway on a real server in front of a {@link RecordingBackend}, over a connection pool of its own, for the tests
 * that speak raw HTTP on both sides: the client's bytes through {@link RawClient}, the backend's in
 * {@link #backend()}. Closing it closes the server, the pool and the backend.
 */
public final class ProxyRig implements AutoCloseable {

    private final RecordingBackend backend;
    private final ConnectionProvider pool;
    private final GatewayServer server;

    private ProxyRig(RecordingBackend backend, ConnectionProvider pool, GatewayServer server) {
        this.backend = backend;
        this.pool = pool;
        this.server = server;
    }

    /**
     * A rig with the default pool and edge limits; {@code gateway} declares the APIs (it gets the backend, whose
     * {@link RecordingBackend#url()} the routes call) and the rig adds the HTTP client.
     */
    public static ProxyRig start(String name, Function<RecordingBackend, GatewayBuilder> gateway) {
        return start(name, ProxyClientSettings.DEFAULTS, EdgeSettings.DEFAULTS, gateway);
    }

    public static ProxyRig start(String name, ProxyClientSettings settings, EdgeSettings edge,
                                 Function<RecordingBackend, GatewayBuilder> gateway) {
        RecordingBackend backend = new RecordingBackend();
        ConnectionProvider pool = settings.createConnectionProvider(name);
        try {
            Gateway built = gateway.apply(backend).httpClient(settings.createClient(pool)).build();
            return new ProxyRig(backend, pool, GatewayServer.start(built, edge));
        } catch (RuntimeException | Error e) {
            pool.disposeLater().block(Duration.ofSeconds(5));
            backend.close();
            throw e;
        }
    }

    public RecordingBackend backend() {
        return backend;
    }

    public ConnectionProvider pool() {
        return pool;
    }

    public int port() {
        return server.port();
    }

    /** Sends {@code rawRequest} on a new connection and returns the response (head and body). */
    public String exchange(String rawRequest) throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.send(rawRequest);
            return client.readResponse();
        }
    }

    /** {@code GET pathAndQuery} with {@code Host: shop} on a new connection; the response. */
    public String get(String pathAndQuery) throws Exception {
        return exchange("GET " + pathAndQuery + " HTTP/1.1\r\nHost: shop\r\n\r\n");
    }

    /**
     * Asserts that no request holding {@code marker} reached the backend. {@code probe} (a path the backend answers
     * 200) is requested first on a new connection: by the time it is answered, a refused request sent before it
     * would have gone on.
     */
    public void assertNeverForwarded(String marker, String probe) throws Exception {
        assertThat(get(probe)).startsWith("HTTP/1.1 200");
        assertThat(backend.connections()).noneMatch(c -> c.text().contains(marker));
    }

    @Override
    public void close() {
        server.close();
        pool.disposeLater().block(Duration.ofSeconds(5));
        backend.close();
    }
}
