package io.tollgate.core.edge;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that closes a kept-alive connection just as the gateway reuses it (it reads the next request and closes
 * without an answer): an idempotent request without a body is sent once more, on another connection, and answered; a
 * request with a body, or a POST, is not (502), and the backend received it once.
 */
class StaleConnectionRetryTest {

    private RecordingBackend backend;
    private ConnectionProvider pool;
    private GatewayServer server;

    @BeforeEach
    void start() {
        backend = new RecordingBackend();
        backend.requestsPerConnection(1);
        Api store = Api.builder("store").basePath("/store")
                .route("ANY /{proxy+}", IntegrationSpec.httpProxy(backend.url() + "/{proxy}"))
                .build();
        // one connection, so the second request reuses the first one's
        ProxyClientSettings settings = new ProxyClientSettings(1, 8, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(5));
        pool = settings.createConnectionProvider("stale");
        server = GatewayServer.start(Gateway.builder().api(store).httpClient(settings.createClient(pool)).build());
    }

    @AfterEach
    void stop() {
        server.close();
        pool.disposeLater().block(Duration.ofSeconds(5));
        backend.close();
    }

    private String send(String request) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send(request);
            return client.readResponse();
        }
    }

    private long timesReceived(String marker) {
        return backend.connections().stream().mapToLong(c -> c.text().split(marker, -1).length - 1).sum();
    }

    @Test
    void anIdempotentRequestIsRetriedOnceOnAnotherConnection() throws Exception {
        assertThat(send("GET /store/first HTTP/1.1\r\nHost: shop\r\n\r\n")).startsWith("HTTP/1.1 200");
        String marker = "m" + System.nanoTime();
        for (String method : new String[]{"GET", "DELETE", "OPTIONS"}) {
            String response = send(method + " /store/again?" + marker + method + " HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(response).as(method).startsWith("HTTP/1.1 200");
            assertThat(timesReceived(marker + method)).as(method).isEqualTo(2);
        }
    }

    @Test
    void aPostIsNeverRetried() throws Exception {
        assertThat(send("GET /store/first HTTP/1.1\r\nHost: shop\r\n\r\n")).startsWith("HTTP/1.1 200");
        String marker = "m" + System.nanoTime();
        assertThat(send("POST /store/order?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 502");
        assertThat(timesReceived(marker)).isEqualTo(1);
    }

    @Test
    void aRequestWithABodyIsNeverRetried() throws Exception {
        assertThat(send("GET /store/first HTTP/1.1\r\nHost: shop\r\n\r\n")).startsWith("HTTP/1.1 200");
        String marker = "m" + System.nanoTime();
        assertThat(send("PUT /store/pets/1?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 502");
        assertThat(timesReceived(marker)).isEqualTo(1);
    }
}
