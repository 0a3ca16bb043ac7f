package io.tollgate.core.edge;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stalled uploads cannot take every backend connection. A pool of 4 connections per backend: small bodies are received
 * whole before a connection is taken, so any number of clients stalling in them hold none; large ones stream, at
 * most 2 (half the pool) at once per backend, the next answered 503 at once; requests without a body, on this route
 * and others to the same backend, are served all along.
 */
class UploadCapTest {

    private static ProxyRig rig;
    private static RecordingBackend backend;

    @BeforeAll
    static void start() {
        ProxyClientSettings settings = new ProxyClientSettings(4, 8, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofMinutes(5), Duration.ofSeconds(5));
        rig = ProxyRig.start("upload-cap", settings, EdgeSettings.DEFAULTS, backend -> Gateway.builder()
                .api(Api.builder("store").basePath("/store")
                        .route("POST /upload", IntegrationSpec.httpProxy(backend.url() + "/upload"))
                        .route("POST /other", IntegrationSpec.httpProxy(backend.url() + "/other"))
                        .route("GET /pets/{id}", IntegrationSpec.httpProxy(backend.url() + "/pets/{id}"))
                        .build()));
        backend = rig.backend();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void clientsStallingInSmallBodiesHoldNoBackendConnection() throws Exception {
        List<RawClient> stalled = new ArrayList<>();
        String marker = "small" + System.nanoTime();
        try {
            for (int i = 0; i < 12; i++) {
                RawClient client = new RawClient(rig.port());
                stalled.add(client);
                client.send("POST /store/upload?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 100\r\n\r\n{\"");
            }
            // three times the pool stalls, and the backend is still served
            for (int i = 0; i < 6; i++) {
                assertThat(rig.get("/store/pets/" + i)).startsWith("HTTP/1.1 200");
            }
            assertThat(backend.connections()).noneMatch(c -> c.text().contains(marker));
        } finally {
            for (RawClient client : stalled) {
                client.close();
            }
        }
        // a small body that does come whole is forwarded whole
        String whole = "whole" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send("POST /store/upload?" + whole + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 11\r\n\r\n{\"qty\":100}");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        assertThat(backend.awaitReceived(whole, Duration.ofSeconds(10)).text())
                .contains("Content-Length: 11\r\n").endsWith("\r\n\r\n{\"qty\":100}");
    }

    @Test
    void atMostHalfThePoolStreamsUploadsAndTheRestIs503AtOnce() throws Exception {
        List<RawClient> stalled = new ArrayList<>();
        List<RecordingBackend.Received> streamed = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                String marker = "large" + i + "x" + System.nanoTime();
                RawClient client = new RawClient(rig.port());
                stalled.add(client);
                client.send("POST /store/upload?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 1000000\r\n\r\n{\"");
                // streamed: the backend has the head and the first bytes
                streamed.add(backend.awaitReceived(marker, Duration.ofSeconds(10)));
            }
            // a third to the same backend, on any route, is refused at once rather than left to queue for a connection
            for (String path : new String[] {"/store/upload", "/store/other"}) {
                try (RawClient client = new RawClient(rig.port())) {
                    client.send("POST " + path + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 1000000\r\n\r\n{\"");
                    assertThat(client.readResponse()).startsWith("HTTP/1.1 503")
                            .endsWith("{\"message\":\"Service Unavailable\"}");
                }
            }
            // the other half of the pool still serves requests without a body, and small uploads
            for (int i = 0; i < 6; i++) {
                assertThat(rig.get("/store/pets/" + i)).startsWith("HTTP/1.1 200");
            }
            try (RawClient client = new RawClient(rig.port())) {
                client.send("POST /store/other HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
                assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (RawClient client : stalled) {
                client.resetOnClose();
                client.close();
            }
        }
        // the slots come back when the stalled uploads end (their backend exchanges reset): a new large upload
        // streams and is answered (tried again while the last release is on its way)
        for (RecordingBackend.Received connection : streamed) {
            assertThat(connection.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }
        String body = "x".repeat(100_000);
        String marker = "again" + System.nanoTime();
        String response = null;
        for (int attempt = 0; attempt < 50 && (response == null || !response.startsWith("HTTP/1.1 200")); attempt++) {
            try (RawClient client = new RawClient(rig.port())) {
                client.send("POST /store/upload?" + marker + " HTTP/1.1\r\nHost: shop\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
                response = client.readResponse();
            }
        }
        assertThat(response).startsWith("HTTP/1.1 200");
    }
}
