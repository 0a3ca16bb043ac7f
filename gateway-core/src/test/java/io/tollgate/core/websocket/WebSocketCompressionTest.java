package io.tollgate.core.websocket;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.WebSocketSettings;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code permessage-deflate} (RFC 7692): ignored unless the API offers it (AWS never negotiates it); when offered,
 * compressed messages are routed and answered compressed, and a frame that inflates beyond the message size (a
 * decompression bomb) closes the connection with 1009, its inflation bounded.
 */
class WebSocketCompressionTest {

    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        // answers "echoed <text>" for a message {"action":"echo","text":"<text>"}
        GatewayFunction echo = (event, context) -> {
            String body = String.valueOf(((Map<?, ?>) event).get("body"));
            String text = body.substring(body.indexOf("\"text\":\"") + 8, body.lastIndexOf('"'));
            return Mono.just(Map.of("statusCode", 200, "body", "echoed " + text));
        };
        gateway = GatewayServer.start(Gateway.builder().api(api("plain", false)).api(api("deflated", true))
                .feature(new FunctionFeature(name -> Optional.of(echo))).build());
    }

    private static Api api(String name, boolean compression) {
        return Api.builder(name).type(ApiType.WEBSOCKET).basePath("/" + name).stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .webSocket(WebSocketSettings.DEFAULTS.withCompression(compression))
                .route(new RouteSpec("echo", IntegrationSpec.function("echo")).routeResponseSelectionExpression("$default"))
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anApiThatDoesNotOfferCompressionIgnoresTheClientsOfferAndRefusesCompressedFrames() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/plain/prod", OFFER)) {
            assertThat(socket.head()).startsWith("HTTP/1.1 101");
            assertThat(RawWebSocket.header(socket.head(), "Sec-WebSocket-Extensions")).isNull();
            socket.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, deflate(echo("hi")));
            RawWebSocket.Frame close = socket.read();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void anApiThatOffersCompressionTakesCompressedMessagesAndAnswersCompressed() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/deflated/prod", OFFER)) {
            assertThat(socket.head()).startsWith("HTTP/1.1 101");
            assertThat(RawWebSocket.header(socket.head(), "Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            socket.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, deflate(echo("squeezed")));
            RawWebSocket.Frame answer = socket.read();
            assertThat(answer.rsv() & 0x4).as("RSV1: compressed").isNotZero();
            Inflater inflater = new Inflater(true);
            assertThat(inflate(inflater, answer.payload())).isEqualTo("echoed squeezed");
            // an uncompressed message is still taken
            socket.send(RawWebSocket.FIN | RawWebSocket.TEXT, echo("plain").getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame second = socket.read();
            assertThat(inflate(inflater, second.payload())).isEqualTo("echoed plain");
            inflater.end();
        }
        // without the client's offer, nothing is negotiated
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/deflated/prod", "")) {
            assertThat(RawWebSocket.header(socket.head(), "Sec-WebSocket-Extensions")).isNull();
            socket.send(RawWebSocket.FIN | RawWebSocket.TEXT, echo("raw").getBytes(StandardCharsets.UTF_8));
            assertThat(socket.read().text()).isEqualTo("echoed raw");
        }
    }

    @Test
    void aFrameThatInflatesBeyondTheMessageSizeClosesTheConnectionWith1009() throws Exception {
        // 16 MB of one letter: a few KB compressed, under the 32 KB frame size
        String text = "{\"action\":\"echo\",\"text\":\"" + "a".repeat(16 * 1024 * 1024) + "\"}";
        byte[] bomb = deflate(text);
        assertThat(bomb.length).isLessThan(WebSocketSettings.DEFAULT_MAX_FRAME_SIZE);
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/deflated/prod", OFFER)) {
            assertThat(socket.head()).startsWith("HTTP/1.1 101");
            socket.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, bomb);
            RawWebSocket.Frame close = socket.read();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            // told by its inflation's bound, not by the message's size once it had been inflated whole
            assertThat(close.closeReason()).isEqualTo("Message too big (inflated)");
        }
        // the gateway goes on serving
        try (RawWebSocket socket = RawWebSocket.connect(gateway.port(), "/deflated/prod", OFFER)) {
            socket.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, deflate(echo("after")));
            Inflater inflater = new Inflater(true);
            assertThat(inflate(inflater, socket.read().payload())).isEqualTo("echoed after");
            inflater.end();
        }
    }

    private static String echo(String text) {
        return "{\"action\":\"echo\",\"text\":\"" + text + "\"}";
    }

    /** {@code text} deflated as RFC 7692 sends a message: raw DEFLATE, flushed, its final empty block's tail left off. */
    private static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[65_536];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4); // without 00 00 ff ff
    }

    /** A message's payload inflated, by the connection's {@code inflater} (the server keeps its context across messages). */
    private static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] whole = Arrays.copyOf(payload, payload.length + 4);
        whole[payload.length + 2] = (byte) 0xff;
        whole[payload.length + 3] = (byte) 0xff;
        inflater.setInput(whole);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[65_536];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
