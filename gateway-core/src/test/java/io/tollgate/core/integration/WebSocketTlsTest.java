package io.tollgate.core.integration;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code wss://} backend (an {@code https} integration URI): its session made with the TLS the gateway's HTTP client
 * was given (here, trust in the backend's own certificate, made by the JDK's keytool for this test), and refused (502)
 * by a client that does not trust it.
 */
class WebSocketTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static DisposableServer backend;
    private static KeyStore keys;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("backend.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SslContext serverTls = SslContextBuilder.forServer(keyManagers).build();
        backend = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(serverTls))
                .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames().map(WebSocketFrame::retain))))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        backend.disposeNow();
    }

    private static GatewayServer gateway(HttpClient client) {
        Gateway built = Gateway.builder()
                .api(Api.builder("live").basePath("/live")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy("https://127.0.0.1:" + backend.port() + "/{proxy}"))
                        .build())
                .httpClient(client)
                .build();
        return GatewayServer.start(built);
    }

    @Test
    void aWssBackendIsReachedWithTheTrustTheGatewaysClientWasGiven() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SslContext clientTls = SslContextBuilder.forClient().trustManager(trust).build();
        HttpClient trusting = HttpClient.create().secure(spec -> spec.sslContext(clientTls));
        try (GatewayServer gateway = gateway(trusting)) {
            String got = HttpClient.create().websocket().uri("ws://127.0.0.1:" + gateway.port() + "/live/echo")
                    .handle((in, out) -> out.sendString(Mono.just("over tls")).then().thenMany(in.receive().asString().take(1)))
                    .blockFirst(WAIT);
            assertThat(got).isEqualTo("over tls");
        }
    }

    @Test
    void aWssBackendThatTheClientDoesNotTrustIsABadGateway() {
        try (GatewayServer gateway = gateway(HttpClient.create())) {
            assertThatThrownBy(() -> HttpClient.create().websocket().uri("ws://127.0.0.1:" + gateway.port() + "/live/echo")
                    .handle((in, out) -> in.receive()).blockLast(WAIT))
                    .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                            e -> assertThat(e.response().status().code()).isEqualTo(502));
        }
    }
}
