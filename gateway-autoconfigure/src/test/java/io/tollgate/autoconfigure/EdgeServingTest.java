package io.tollgate.autoconfigure;

import io.tollgate.testsupport.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge on the application's own server: strict framing and the header timeout, through a raw socket. */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeServingTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.server.edge.request-header-timeout", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Test
    void faultyFramingIsRefusedOnGatewayRoutesAndTheApplicationsOwn() throws Exception {
        for (String path : new String[]{"/api/items/7", "/elsewhere"}) {
            try (RawClient client = new RawClient(port)) {
                client.send("POST " + path + " HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
                assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 400").contains("{\"message\":");
            }
        }
    }

    @Test
    void aRequestHeadTooSlowIs408() throws Exception {
        try (RawClient client = new RawClient(port)) {
            client.send("GET /api/items/7 HTTP/1.1\r\nHost: shop\r\n");
            assertThat(client.readUntilClosed()).startsWith("HTTP/1.1 408");
        }
        try (RawClient client = new RawClient(port)) {
            client.send("GET /api/items/7 HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
    }
}
