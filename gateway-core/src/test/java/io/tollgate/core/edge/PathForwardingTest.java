package io.tollgate.core.edge;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What path a backend receives, byte for byte: dot segments with path parameters never, raw bytes encoded once. */
class PathForwardingTest {

    private static ProxyRig rig;
    private static RecordingBackend backend;

    @BeforeAll
    static void start() {
        rig = ProxyRig.start("paths", backend -> Gateway.builder().api(Api.builder("store").basePath("/store")
                .route("GET /{proxy+}", IntegrationSpec.httpProxy(backend.url() + "/store/{proxy}"))
                .build()));
        backend = rig.backend();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/store/a/..;/..;/pets/1", "/store/a/.;/pets/1", "/store/a/%2e%2e;x/pets/1"})
    void dotSegmentsWithPathParametersAre400AndNeverForwarded(String path) throws Exception {
        String marker = "m" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET " + path + "?" + marker + " HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 400").contains("{\"message\":");
        }
        // a request after it: by the time it is answered, the refused one would have gone on
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        assertThat(backend.connections()).noneMatch(c -> c.text().contains(marker));
    }

    @Test
    void rawNonAsciiBytesReachTheBackendPercentEncodedOnce() throws Exception {
        String marker = "m" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            byte[] cafe = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
            client.send("GET /store/pets/" + new String(cafe, StandardCharsets.ISO_8859_1) + "/{x}?" + marker
                    + " HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        String received = backend.awaitReceived(marker + " HTTP", Duration.ofSeconds(10)).text();
        assertThat(received).contains("GET /store/pets/caf%C3%A9/%7Bx%7D?" + marker + " HTTP/1.1\r\n");
    }
}
