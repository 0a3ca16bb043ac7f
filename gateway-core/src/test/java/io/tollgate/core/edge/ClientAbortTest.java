package io.tollgate.core.edge;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that go away while their backend is answering: the answer nobody will write is released (the leak
 * extension fails the class on any unreleased buffer) and the backend connection is not left pinned, so the gateway
 * keeps serving. The backend's answer is held until the client has closed, and then let go, so it meets the
 * cancellation at every point of its way: before the response arrives, as it is handed over, while it waits for its
 * write.
 */
class ClientAbortTest {

    private static ProxyRig rig;
    private static RecordingBackend backend;

    @BeforeAll
    static void start() {
        // a small pool: pinned connections would soon leave none
        ProxyClientSettings settings = new ProxyClientSettings(4, 8, Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofMinutes(5), Duration.ofSeconds(5));
        rig = ProxyRig.start("client-abort", settings, EdgeSettings.DEFAULTS, backend -> Gateway.builder()
                .api(Api.builder("store").basePath("/store")
                        .route("GET /pets/{id}", IntegrationSpec.httpProxy(backend.url() + "/pets/{id}"))
                        .build()));
        backend = rig.backend();
        String body = "x".repeat(2 * 1024 * 1024);
        backend.answer("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + body.length() + "\r\n\r\n" + body);
    }

    @AfterAll
    static void stop() {
        backend.release();
        rig.close();
    }

    @Test
    void anAnswerWhoseClientLeftIsReleased() throws Exception {
        try (LogCapture lines = LogCapture.all()) {
            clientsLeave();
            // a client that goes away is the client's business: nothing at WARN or above, from any logger
            assertThat(lines.warnings()).isEmpty();
        }
    }

    private static void clientsLeave() throws Exception {
        for (int i = 0; i < 40; i++) {
            backend.hold();
            String marker = "abort" + i + "x" + System.nanoTime();
            try (RawClient client = new RawClient(rig.port())) {
                client.send("GET /store/pets/" + i + "?" + marker + " HTTP/1.1\r\nHost: shop\r\n\r\n");
                backend.awaitReceived(marker, Duration.ofSeconds(10));
                if (i % 2 == 0) {
                    client.resetOnClose();
                }
            }
            backend.release();
        }
        // clients that leave while the body streams: after its head, or after part of it
        for (int i = 0; i < 40; i++) {
            try (RawClient client = new RawClient(rig.port())) {
                client.send("GET /store/pets/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
                client.readBytes(i % 2 == 0 ? 16 : 64 * 1024);
                client.resetOnClose();
            }
        }
        // every pooled connection is usable again: requests are served, each answer whole
        for (int i = 0; i < 8; i++) {
            try (RawClient client = new RawClient(rig.port())) {
                client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
                String response = client.readResponse();
                assertThat(response).startsWith("HTTP/1.1 200");
                assertThat(response.length()).isGreaterThan(2 * 1024 * 1024);
            }
        }
    }
}
