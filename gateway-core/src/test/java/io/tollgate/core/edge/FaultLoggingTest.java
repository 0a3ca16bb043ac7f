package io.tollgate.core.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the log says about faults: a backend that refuses or drops connections is one WARN line naming the route, the
 * cause and the request id, never a stack trace; clients that go away (mid-upload, mid-answer) write nothing at WARN
 * or above. Every logger is watched (the root), so Reactor's and Netty's own noise counts too.
 */
class FaultLoggingTest {

    private static ProxyRig rig;

    private LogCapture lines;

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        rig = ProxyRig.start("fault-logging", backend -> Gateway.builder().api(Api.builder("store").basePath("/store")
                .route("GET /refused/{id}", IntegrationSpec.httpProxy("http://127.0.0.1:" + closedPort + "/{id}"))
                .route("ANY /orders/{id}", IntegrationSpec.httpProxy(backend.url() + "/orders/{id}"))
                .build()));
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void capture() {
        lines = LogCapture.all();
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @Test
    void aBackendThatRefusesIsOneWarnLineWithRouteCauseAndRequestId() throws Exception {
        String response = rig.get("/store/refused/1");
        assertThat(response).startsWith("HTTP/1.1 502").endsWith("{\"message\":\"Bad Gateway\"}");
        String id = RawClient.header(response, "apigw-requestid");
        List<ILoggingEvent> warned = lines.warnings();
        assertThat(warned).hasSize(1);
        ILoggingEvent line = warned.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getThrowableProxy()).isNull();
        assertThat(line.getFormattedMessage()).contains("Route 'GET /refused/{id}'", "answered 502",
                "Connection refused", "request id " + id).doesNotContain("\n");
    }

    @Test
    void aBackendThatDropsTheConnectionMidAnswerIsOneWarnLineAndTheClientConnectionIsCut() throws Exception {
        try (ServerSocket dropping = new ServerSocket(0)) {
            Api api = Api.builder("drop").basePath("/drop")
                    .route("GET /{id}", IntegrationSpec.httpProxy("http://127.0.0.1:" + dropping.getLocalPort() + "/{id}"))
                    .build();
            try (GatewayServer gateway = GatewayServer.start(Gateway.builder().api(api)
                    .httpClient(ProxyClientSettings.DEFAULTS.createClient(rig.pool())).build())) {
                Thread backendThread = new Thread(() -> {
                    try (Socket socket = dropping.accept()) {
                        socket.getInputStream().read(new byte[4096]);
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                backendThread.start();
                String received;
                try (RawClient client = new RawClient(gateway.port())) {
                    client.send("GET /drop/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
                    // the head went out before the backend failed: the client must see the answer end early, not
                    // wait for the 91 bytes that will never come
                    received = client.readUntilClosed();
                }
                backendThread.join(10_000);
                assertThat(received).startsWith("HTTP/1.1 200").contains("only part");
            }
        }
        awaitLines(1);
        List<ILoggingEvent> warned = lines.warnings();
        assertThat(warned).hasSize(1).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        assertThat(warned.get(0).getFormattedMessage()).contains("GET /{id}");
    }

    @Test
    void clientsThatGoAwayWriteNothingAtWarn() throws Exception {
        for (int i = 0; i < 20; i++) {
            String marker = "gone" + i + "x" + System.nanoTime();
            try (RawClient client = new RawClient(rig.port())) {
                // an upload streamed to the backend (past the 64 KiB received whole first) that stops after 2 bytes,
                // and a client that resets the connection
                client.send("POST /store/orders/" + i + "?" + marker + " HTTP/1.1\r\nHost: shop\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"");
                rig.backend().awaitReceived(marker, Duration.ofSeconds(10));
                client.resetOnClose();
            }
        }
        // the backend saw each exchange end (reset, never a clean end): the gateway has handled every abort
        for (RecordingBackend.Received connection : rig.backend().connections()) {
            assertThat(connection.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(rig.get("/store/orders/1")).startsWith("HTTP/1.1 200");
        assertThat(lines.warnings()).isEmpty();
    }

    private void awaitLines(int n) {
        Await.until(n + " WARN lines", () -> lines.warnings().size() >= n);
    }
}
