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
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framing RFC 9112 calls faulty is refused (400, or 501 for a transfer coding the gateway does not implement) and the
 * connection closed; the backend receives nothing. Folded header lines reach the backend as one line.
 */
class FramingTest {

    private static ProxyRig rig;
    private static RecordingBackend backend;

    @BeforeAll
    static void start() {
        rig = ProxyRig.start("framing", backend -> Gateway.builder().api(Api.builder("store").basePath("/store")
                .route("POST /order", IntegrationSpec.httpProxy(backend.url() + "/order"))
                .route("GET /pets/{id}", IntegrationSpec.httpProxy(backend.url() + "/pets/{id}"))
                .build()));
        backend = rig.backend();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "identity with Content-Length|Transfer-Encoding: identity\\r\\nContent-Length: 3\\r\\n|abc|400",
            "unknown coding with Content-Length|Transfer-Encoding: foo\\r\\nContent-Length: 3\\r\\n|abc|400",
            "identity alone|Transfer-Encoding: identity\\r\\n|abc|400",
            "unknown coding alone|Transfer-Encoding: foo\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
            "gzip before chunked|Transfer-Encoding: gzip, chunked\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|501",
            "chunked twice|Transfer-Encoding: chunked, chunked\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
            "two fields|Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
            "two fields, identity first|Transfer-Encoding: identity\\r\\nTransfer-Encoding: chunked\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
            "chunked with Content-Length|Transfer-Encoding: chunked\\r\\nContent-Length: 3\\r\\n|3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
    })
    void faultyFramingIsRefusedAndTheConnectionClosed(String name, String headers, String body, int status) throws Exception {
        String marker = "m" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send("POST /store/order?" + marker + " HTTP/1.1\r\nHost: shop\r\n" + crlf(headers) + "\r\n" + crlf(body));
            assertThat(client.readResponse()).startsWith("HTTP/1.1 " + status).contains("{\"message\":");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertNotForwarded(marker);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no Host|",
            "two Host headers|Host: a\\r\\nHost: b\\r\\n",
    })
    void anHttp11RequestNeedsExactlyOneHost(String name, String hosts) throws Exception {
        String marker = "m" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1?" + marker + " HTTP/1.1\r\n" + (hosts == null ? "" : crlf(hosts)) + "\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertNotForwarded(marker);
    }

    @Test
    void aRequestLineTooLongIs414AndOversizedHeadersAre431() throws Exception {
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 414").contains("{\"message\":");
            assertThat(client.isClosedByServer()).isTrue();
        }
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 431").contains("{\"message\":");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void anHttp10RequestMayOmitHost() throws Exception {
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1 HTTP/1.0\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRefusedPipelinedRequestIsAnsweredAfterTheOneBeforeIt() throws Exception {
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1 HTTP/1.1\r\nHost: shop\r\n\r\n"
                    + "POST /store/order HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: identity\r\n\r\nabc");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aFoldedHeaderReachesTheBackendAsOneLine() throws Exception {
        // RFC 9112 5.2: a server either refuses obs-fold or replaces it with SP; Netty's decoder does the latter
        String marker = "m" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send("GET /store/pets/1?" + marker + " HTTP/1.1\r\nHost: shop\r\nX-Folded: one\r\n two\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        String received = backend.awaitReceived(marker, Duration.ofSeconds(10)).text();
        assertThat(received).contains("X-Folded: one two\r\n").doesNotContain("\r\n two");
    }

    /** CSV sources cannot hold line breaks: they spell them {@code \\r\\n}. */
    private static String crlf(String text) {
        return text.replace("\\r\\n", "\r\n");
    }

    private static void assertNotForwarded(String marker) throws Exception {
        rig.assertNeverForwarded(marker, "/store/pets/1");
    }
}
