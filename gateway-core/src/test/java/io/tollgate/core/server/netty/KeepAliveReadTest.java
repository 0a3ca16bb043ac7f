package io.tollgate.core.server.netty;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive connection is read on after a request that waited for the previous one to end was answered at once
 * (Reactor Netty 1.3.7 stopped reading it then, reactor/reactor-netty#4361: see {@link ConnectionLoop}). Made
 * certain by pipelining: the second request arrives while the first (proxied, answered later) is still running.
 */
class KeepAliveReadTest {

    private static TestBackend backend;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        backend = new TestBackend();
        Api api = Api.builder("shop")
                .route("GET /later", IntegrationSpec.httpProxy(backend.url() + "/status/200"))
                .route("GET /now", IntegrationSpec.mock(200).body("now"))
                .build();
        server = GatewayServer.start(Gateway.builder().api(api).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    @Test
    void theConnectionIsReadAfterAQueuedRequestIsAnsweredAtOnce() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                // two requests in one write: the second waits until the first (proxied) has ended, then is answered at once
                out.write((get("/later") + get("/now")).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("now");
                // the connection must still be read
                out.write(get("/now").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).as("a third request on the same connection, attempt %d", attempt)
                        .startsWith("HTTP/1.1 200").endsWith("now");
            }
        }
    }

    /** One HTTP/1.1 response: its head and its body (by Content-Length, or chunked). */
    private static String readResponse(InputStream in) throws IOException {
        String head = readUntil(in, "\r\n\r\n");
        String lower = head.toLowerCase(Locale.ROOT) + "\r\n";
        StringBuilder body = new StringBuilder();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(readUntil(in, "\r\n").trim(), 16);
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                readUntil(in, "\r\n");
                if (size == 0) {
                    break;
                }
            }
        }
        return head + body;
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after: " + read.toString(StandardCharsets.US_ASCII));
            }
            read.write(b);
        }
        String text = read.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.length() - end.length());
    }
}
