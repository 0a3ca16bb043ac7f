package io.tollgate.core.edge;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend.Received;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's timeouts and connection limits, through real servers and raw sockets: slow, silent, idle and stalled
 * clients are cut, and connections past a limit are closed while the admitted ones are served. The timeouts are short
 * (hundreds of milliseconds) and every wait is for the server's own event (an answer or a close), never a sleep.
 */
class EdgeLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RecordingBackend backend;
    private static ConnectionProvider pool;
    private static GatewayServer timeouts;
    private static GatewayServer limited;
    private static GatewayServer perAddress;

    @BeforeAll
    static void start() {
        backend = new RecordingBackend();
        pool = ProxyClientSettings.DEFAULTS.createConnectionProvider("edge-limits");
        timeouts = GatewayServer.start(gateway(), new EdgeSettings(Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(500), 0, 0));
        limited = GatewayServer.start(gateway(), new EdgeSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 2, 0));
        perAddress = GatewayServer.start(gateway(), new EdgeSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 0, 1));
    }

    private static Gateway gateway() {
        Api store = Api.builder("store").basePath("/store")
                .route("POST /order", IntegrationSpec.httpProxy(backend.url() + "/order"))
                .route("GET /pets/{id}", IntegrationSpec.httpProxy(backend.url() + "/pets/{id}"))
                .build();
        return Gateway.builder().api(store).httpClient(ProxyClientSettings.DEFAULTS.createClient(pool)).build();
    }

    @AfterAll
    static void stop() {
        timeouts.close();
        limited.close();
        perAddress.close();
        pool.disposeLater().block(Duration.ofSeconds(5));
        backend.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (RawClient client = new RawClient(timeouts.port())) {
            assertThat(client.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void aRequestHeadThatDoesNotCompleteInTimeIs408AndClosed() throws Exception {
        try (RawClient client = new RawClient(timeouts.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n");
            assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 408").contains("{\"message\":");
        }
    }

    @Test
    void headerBytesTrickledInDoNotKeepTheConnectionAlive() throws Exception {
        // slowloris: a byte every 50 ms; the header timeout runs from the first byte, so the trickle does not reset it
        try (RawClient client = new RawClient(timeouts.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\nX-Slow: ");
            int sent = 0;
            while (client.staysSilentFor(50) && sent < 400) {
                client.send("x");
                sent++;
            }
            assertThat(sent).as("bytes trickled before the cut").isLessThan(400);
            assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        try (RawClient client = new RawClient(timeouts.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
            assertThat(client.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void aStalledSmallUploadIs408AndNeverReachedTheBackend() throws Exception {
        String marker = "stalled-small=" + System.nanoTime();
        try (RawClient client = new RawClient(timeouts.port())) {
            client.send("POST /store/order?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 100\r\n\r\nab");
            assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 408").contains("{\"message\":");
        }
        // received whole before the backend is called: a request after it is answered, the stalled one never went
        try (RawClient client = new RawClient(timeouts.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        assertThat(backend.connections()).noneMatch(c -> c.text().contains(marker));
    }

    @Test
    void aStalledStreamingUploadIs408AndItsBackendExchangeAborted() throws Exception {
        String marker = "stalled=" + System.nanoTime();
        try (RawClient client = new RawClient(timeouts.port())) {
            // past the 64 KiB received whole first: it streams to the backend as it comes
            client.send("POST /store/order?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 100000\r\n\r\nab");
            assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 408").contains("{\"message\":");
        }
        Received received = backend.awaitReceived(marker, WAIT);
        assertThat(received.awaitEnd(WAIT)).as("the backend connection ends").isTrue();
        assertThat(received.end()).isEqualTo("reset");
        // the connection may have served earlier requests: from this one's start, nothing is complete
        String forwarded = received.text().substring(received.text().indexOf("POST /order?" + marker));
        assertThat(RecordingBackend.isComplete(forwarded)).as(forwarded).isFalse();
    }

    @Test
    void connectionsPastTheLimitAreClosedWhileAdmittedOnesAreServed() throws Exception {
        try (RawClient first = new RawClient(limited.port()); RawClient second = new RawClient(limited.port())) {
            // both admitted: each is served (which also proves the server counted them before the third comes)
            for (RawClient client : new RawClient[]{first, second}) {
                client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
            }
            try (RawClient third = new RawClient(limited.port())) {
                assertThat(third.readUntilClosed()).isEmpty();
            }
            first.send("GET /store/pets/2 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(first.readResponse()).startsWith("HTTP/1.1 200");
        }
        // both gone: their places come back (as soon as the server sees the closes)
        awaitServedOnANewConnection(limited, null);
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedWhileOtherAddressesAreServed() throws Exception {
        try (RawClient first = new RawClient(perAddress.port())) {
            first.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(first.readResponse()).startsWith("HTTP/1.1 200");
            try (RawClient again = new RawClient(perAddress.port())) {
                assertThat(again.readUntilClosed()).isEmpty();
            }
            try (RawClient other = new RawClient(perAddress.port(), 10_000, "127.0.0.2")) {
                other.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(other.readResponse()).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Returns once a new connection is served, trying until {@link #WAIT} passes (a closed place frees asynchronously). */
    private static void awaitServedOnANewConnection(GatewayServer server, String localAddress) {
        Await.until("a new connection from " + localAddress + " to be served", WAIT, () -> {
            try (RawClient client = new RawClient(server.port(), 10_000, localAddress)) {
                client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
                return client.readResponse().startsWith("HTTP/1.1 200");
            } catch (IOException closed) {
                return false; // refused: not yet
            }
        });
    }
}
