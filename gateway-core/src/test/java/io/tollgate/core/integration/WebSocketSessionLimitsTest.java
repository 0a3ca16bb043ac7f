package io.tollgate.core.integration;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds of WebSocket sessions through HTTP_PROXY routes: idle time, duration, sessions per backend, the handshake
 * timeout; backpressure each way with a reader that stopped; frames a peer must not send; pings in bulk.
 */
class WebSocketSessionLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FRAME = 16 * 1024;
    /** Far more than the sockets and the gateway can hold between a writer and a reader that stopped: 90 MiB. */
    private static final int FRAMES = 1536;
    /** The backend's flood frames: 60 KiB, near the default frame limit. */
    private static final int BIG_FRAME = 60 * 1024;
    /**
     * The client's flood, smaller: frames from a client are masked, and the gateway unmasks and masks them again,
     * which Netty's leak detector at its paranoid level (these tests') slows to a few MiB/s: 12 MiB.
     */
    private static final int UPLOAD_FRAMES = 768;
    private static DisposableServer backend;
    private static String base;
    /** What the backend saw, by the test's marker. */
    private static final Map<String, String> seen = new ConcurrentHashMap<>();
    /** Frames the backend's {@code /floods} route produced (it produces one only when one can be sent). */
    private static final AtomicLong produced = new AtomicLong();

    @BeforeAll
    static void start() {
        backend = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .ws("/echo", (in, out) -> out.sendObject(in.receiveFrames().map(WebSocketFrame::retain)))
                .ws("/records-close", (in, out) -> in.receiveCloseStatus()
                        .doOnNext(status -> seen.put("close", status.code() + " " + status.reasonText())).then())
                .ws("/ticks", (in, out) -> out.sendString(Flux.interval(Duration.ofMillis(100)).map(i -> "tick " + i)))
                .ws("/three-ticks", (in, out) -> out.sendString(Flux.interval(Duration.ofMillis(400)).take(3)
                        .map(i -> "tick " + i)).then().then(in.receive().then()))
                .ws("/extensions", (in, out) -> out.sendString(Mono.just(String.valueOf(
                        in.headers().get("sec-websocket-extensions")))).then().then(in.receive().then()))
                .ws("/floods", (in, out) -> out.sendObject(Flux.range(0, FRAMES).map(i -> {
                    produced.incrementAndGet();
                    // direct and unpooled: the backend's own queue is not counted with the gateway's buffers
                    return new BinaryWebSocketFrame(Unpooled.directBuffer(BIG_FRAME).writeInt(i).writeZero(BIG_FRAME - 4));
                })).then().then(in.receive().then()))
                // a frame over the gateway's limit, then waits (the gateway cuts it: it is reset, with its write unread)
                .ws("/too-big", (in, out) -> out.sendObject(Mono.just(new BinaryWebSocketFrame(
                        Unpooled.wrappedBuffer(new byte[WebSocketProxySettings.DEFAULT_MAX_FRAME_PAYLOAD + 1]))))
                        .then().then(in.receive().then()).onErrorResume(e -> Mono.empty()),
                        WebsocketServerSpec.builder().maxFramePayloadLength(1 << 20).build())
                .get("/hangs", (request, response) -> Mono.never()))
                .bindNow();
        base = "http://127.0.0.1:" + backend.port();
    }

    @AfterAll
    static void stop() {
        backend.disposeNow();
    }

    private static GatewayServer gateway(WebSocketProxySettings settings, String backendBase) {
        Gateway built = Gateway.builder()
                .api(Api.builder("live").basePath("/live")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(backendBase + "/{proxy}")
                                .timeout(Duration.ofMillis(500)))
                        .build())
                .feature(new HttpIntegrationFeature(ForwardedHeaders.X_FORWARDED, null, settings))
                .build();
        return GatewayServer.start(built);
    }

    private static WebSocketProxySettings settings(Duration idle, Duration maxDuration, int maxSessions) {
        return new WebSocketProxySettings(idle, maxDuration, WebSocketProxySettings.DEFAULT_MAX_FRAME_PAYLOAD, maxSessions);
    }

    private static HttpClient client(GatewayServer gateway) {
        return HttpClient.create().baseUrl("ws://127.0.0.1:" + gateway.port());
    }

    @Test
    void anIdleSessionIsClosedOnBothSidesWith1001GoingAway() {
        seen.remove("close");
        try (GatewayServer gateway = gateway(settings(Duration.ofMillis(500), Duration.ZERO, 100), base)) {
            WebSocketCloseStatus status = client(gateway).websocket().uri("/live/records-close")
                    .handle((in, out) -> in.receiveCloseStatus()).blockFirst(WAIT);
            assertThat(status.code()).isEqualTo(1001);
            assertThat(status.reasonText()).isEqualTo("Going away");
            Await.until("the backend to hear the session expired", () -> seen.containsKey("close"));
            assertThat(seen.get("close")).isEqualTo("1001 Going away");
        }
    }

    @Test
    void framesEitherWayKeepASessionAliveUntilItIsIdle() {
        try (GatewayServer gateway = gateway(settings(Duration.ofMillis(1000), Duration.ZERO, 100), base)) {
            // the client's frames, 400 ms apart for 1.6 s (more than the idle timeout), each echoed
            List<String> echoed = client(gateway).websocket().uri("/live/echo")
                    .handle((in, out) -> Flux.merge(
                            out.sendString(Flux.interval(Duration.ofMillis(400)).take(4).map(i -> "ping " + i)).then()
                                    .then(Mono.<String>never()),
                            in.receive().asString(),
                            in.receiveCloseStatus().map(status -> status.code() + " " + status.reasonText()))
                            .takeUntil(text -> text.startsWith("1001")))
                    .collectList().block(WAIT);
            assertThat(echoed).containsExactly("ping 0", "ping 1", "ping 2", "ping 3", "1001 Going away");

            // the backend's frames, 400 ms apart for 1.2 s, then nothing
            List<String> ticks = client(gateway).websocket().uri("/live/three-ticks")
                    .handle((in, out) -> Flux.merge(in.receive().asString(),
                                    in.receiveCloseStatus().map(status -> status.code() + " " + status.reasonText()))
                            .takeUntil(text -> text.startsWith("1001")))
                    .collectList().block(WAIT);
            assertThat(ticks).containsExactly("tick 0", "tick 1", "tick 2", "1001 Going away");
        }
    }

    @Test
    void aSessionEndsAtItsMaximumDurationHoweverBusy() {
        try (GatewayServer gateway = gateway(settings(Duration.ofMinutes(10), Duration.ofMillis(800), 100), base)) {
            long start = System.nanoTime();
            List<String> got = client(gateway).websocket().uri("/live/ticks")
                    .handle((in, out) -> Flux.merge(in.receive().asString(),
                                    in.receiveCloseStatus().map(status -> status.code() + " " + status.reasonText()))
                            .takeUntil(text -> text.startsWith("1001")))
                    .collectList().block(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
            assertThat(got).last().isEqualTo("1001 Going away");
            assertThat(got).first().isEqualTo("tick 0");
        }
    }

    @Test
    void aBackendWithAsManySessionsAsAllowedGets503UntilOneEnds() throws Exception {
        try (GatewayServer gateway = gateway(settings(Duration.ofMinutes(10), Duration.ZERO, 2), base)) {
            Sinks.Empty<Void> endFirst = Sinks.empty();
            Sinks.Empty<Void> endSecond = Sinks.empty();
            CompletableFuture<Void> firstOpen = new CompletableFuture<>();
            CompletableFuture<Void> secondOpen = new CompletableFuture<>();
            CompletableFuture<Void> first = client(gateway).websocket().uri("/live/echo").handle((in, out) -> {
                firstOpen.complete(null);
                return endFirst.asMono().then(out.sendClose()).then(in.receive().then());
            }).then().toFuture();
            CompletableFuture<Void> second = client(gateway).websocket().uri("/live/echo").handle((in, out) -> {
                secondOpen.complete(null);
                return endSecond.asMono().then(out.sendClose()).then(in.receive().then());
            }).then().toFuture();
            try {
                firstOpen.join();
                secondOpen.join();
                assertThatThrownBy(() -> client(gateway).websocket().uri("/live/echo").handle((in, out) -> in.receive())
                        .blockLast(WAIT))
                        .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                                e -> assertThat(e.response().status().code()).isEqualTo(503));
                endFirst.tryEmitEmpty();
                first.get(10, TimeUnit.SECONDS);
                // the slot comes back once the first session's backend connection is gone
                Await.until("a session to open again", () -> echoes(gateway));
            } finally {
                endFirst.tryEmitEmpty();
                endSecond.tryEmitEmpty();
                first.get(10, TimeUnit.SECONDS);
                second.get(10, TimeUnit.SECONDS);
            }
            // every slot comes back: two sessions open at once again
            Await.until("two sessions to open at once again", () -> {
                Sinks.Empty<Void> hold = Sinks.empty();
                CompletableFuture<Void> opened = new CompletableFuture<>();
                CompletableFuture<Void> held = client(gateway).websocket().uri("/live/echo").handle((in, out) -> {
                    opened.complete(null);
                    return hold.asMono().then(out.sendClose()).then(in.receive().then());
                }).then().toFuture();
                held.whenComplete((nothing, e) -> opened.completeExceptionally(e != null ? e : new IllegalStateException()));
                try {
                    opened.join();
                    return echoes(gateway);
                } catch (RuntimeException e) {
                    return false;
                } finally {
                    hold.tryEmitEmpty();
                    held.exceptionally(e -> null).join();
                }
            });
        }
    }

    private static boolean echoes(GatewayServer gateway) {
        try {
            return "again".equals(client(gateway).websocket().uri("/live/echo")
                    .handle((in, out) -> out.sendString(Mono.just("again")).then().thenMany(in.receive().asString().take(1)))
                    .blockFirst(WAIT));
        } catch (WebSocketClientHandshakeException e) {
            return false;
        }
    }

    @Test
    void aBackendThatNeverCompletesItsHandshakeIsAGatewayTimeout() throws Exception {
        try (GatewayServer gateway = gateway(settings(Duration.ofMinutes(10), Duration.ZERO, 1), base);
             RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/live/hangs", "")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 504");
            // the timed-out attempt gave its one slot back
            Await.until("the slot to come back", () -> echoes(gateway));
        }
    }

    @Test
    void aClientThatLeavesDuringTheBackendsHandshakeGivesItsSlotBackAtOnce() throws Exception {
        // one session per backend, and a handshake timeout far beyond the wait below: only the client's leaving frees it
        Gateway built = Gateway.builder()
                .api(Api.builder("live").basePath("/live")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}").timeout(Duration.ofSeconds(29)))
                        .build())
                .feature(new HttpIntegrationFeature(ForwardedHeaders.X_FORWARDED, null,
                        settings(Duration.ofMinutes(10), Duration.ZERO, 1)))
                .build();
        try (GatewayServer gateway = GatewayServer.start(built)) {
            try (RawClient raw = new RawClient(gateway.port())) {
                raw.send("GET /live/hangs HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
                assertThat(raw.staysSilentFor(200)).isTrue();
            }
            Await.until("the slot to come back", Duration.ofSeconds(5), () -> echoes(gateway));
        }
    }

    @Test
    void aClientThatStopsReadingIsCutWhenItsCloseCannotBeWritten() throws Exception {
        // one connection at most: while the stalled one is open, the gateway takes no other
        Gateway built = Gateway.builder()
                .api(Api.builder("live").basePath("/live")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}"))
                        .build())
                .feature(new HttpIntegrationFeature(ForwardedHeaders.X_FORWARDED, null,
                        settings(Duration.ofMillis(500), Duration.ZERO, 100)))
                .build();
        EdgeSettings oneConnection = new EdgeSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1, 0);
        try (GatewayServer gateway = GatewayServer.start(built, oneConnection);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/floods", "", 64 * 1024, 0)) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            // the client reads nothing: the flood stalls, the session goes idle, and its close waits behind frames the
            // client never takes; after CLOSE_WAIT the connection is cut, and the gateway takes a new one
            Await.until("the stalled connection to be cut", WebSocketProxy.CLOSE_WAIT.plusSeconds(10), () -> {
                try {
                    return echoes(gateway);
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheBackendNotTheGatewaysMemory() throws Exception {
        produced.set(0);
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/floods", "", 64 * 1024, 0)) {
            long before = buffered();
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            long held = quiet(produced);
            // what the backend could produce is what the sockets and the gateway hold: bounded, not the whole flood;
            // and the gateway's own share, the growth of Netty's allocator (the backend's frames are not from it)
            long buffered = buffered();
            assertThat(held * BIG_FRAME).isLessThan(32L * 1024 * 1024);
            // Reactor Netty's own sendObject would take 128 frames (7.5 MiB) more: 13 MiB in all, measured. The allocator
            // grows by whole chunks of its arenas (one per event loop thread a buffer came from), so the same run reads
            // 8 or, when one more arena is touched, 12 MiB: the bound sits below sendObject's, above those
            assertThat(buffered - before).isLessThanOrEqualTo(12L * 1024 * 1024);
            // and none of it is lost: every frame comes, in order, once the client reads
            for (int i = 0; i < FRAMES; i++) {
                RawWebSocket.Frame frame = client.read();
                assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
                assertThat(ByteBuffer.wrap(frame.payload()).getInt()).isEqualTo(i);
            }
            System.out.printf("WebSocket slow client: the backend produced %d of %d frames (%d KiB) while the client read"
                    + " nothing; the allocator's chunks grew by %d KiB%n", held, FRAMES, held * BIG_FRAME / 1024,
                    (buffered - before) / 1024);
        }
    }

    @Test
    void aBackendThatStopsReadingStopsTheClientNotTheGatewaysMemory() throws Exception {
        int frames = UPLOAD_FRAMES;
        try (ServerSocket rawBackend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            rawBackend.setReceiveBufferSize(64 * 1024);
            CompletableFuture<RawWebSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawWebSocket.accept(rawBackend);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, "http://127.0.0.1:" + rawBackend.getLocalPort());
                 RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/sink", "", 0, 64 * 1024);
                 RawWebSocket backendSide = accepted.get(10, TimeUnit.SECONDS)) {
                assertThat(client.head()).startsWith("HTTP/1.1 101");
                // the client writes as fast as its socket takes frames: a write blocks once nothing takes them
                long before = buffered();
                AtomicLong sent = new AtomicLong();
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < frames; i++) {
                            byte[] payload = new byte[FRAME];
                            ByteBuffer.wrap(payload).putInt(i);
                            client.send(RawWebSocket.FIN | RawWebSocket.BINARY, payload);
                            sent.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                long held = quiet(sent);
                long buffered = buffered();
                assertThat(held).isLessThan(frames);
                assertThat(held * FRAME).isLessThan(8L * 1024 * 1024);
                assertThat(buffered - before).isLessThan(10L * 1024 * 1024);
                for (int i = 0; i < frames; i++) {
                    RawWebSocket.Frame frame = backendSide.read();
                    assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
                    assertThat(ByteBuffer.wrap(frame.payload()).getInt()).isEqualTo(i);
                }
                writer.get(10, TimeUnit.SECONDS);
                System.out.printf("WebSocket slow backend: the client sent %d of %d frames (%d KiB) while the backend"
                        + " read nothing; the allocator's chunks grew by %d KiB%n", held, frames, held * FRAME / 1024,
                        (buffered - before) / 1024);
            }
        }
    }

    /**
     * The memory Netty's default allocator holds now (what the gateway's buffers take, and the test's Reactor Netty
     * peers' few): the allocator's chunks, which hold every buffer it has handed out.
     */
    private static long buffered() {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    /**
     * {@code counter} once it has stopped moving for half a second: how far a writer got against a reader that stopped.
     * A pause of the machine could only end the wait early, which makes the bound checked on it no weaker.
     */
    private static long quiet(AtomicLong counter) {
        long[] last = {-1, System.nanoTime()};
        return Await.value("the writer to be held back", Duration.ofSeconds(30), () -> {
            long now = counter.get();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
                return Optional.empty();
            }
            return now > 0 && System.nanoTime() - last[1] > 500_000_000L ? Optional.of(now)
                    : Optional.empty();
        });
    }

    /**
     * RFC 6455 (4.1): a client waits for the server's answer before it sends anything more. One that sends a frame with
     * its handshake loses that frame (it arrived as HTTP, before the switch), and nothing else: the session opens and
     * works, nothing leaks, nothing hangs.
     */
    @Test
    void aFrameSentBeforeTheAnswerIsDroppedAndTheSessionStillWorks() throws Exception {
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(("GET /live/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // a masked text frame "early" (mask 0: the payload as is), in the same write as the handshake
            bytes.write(new byte[] {(byte) 0x81, (byte) 0x85, 0, 0, 0, 0, 'e', 'a', 'r', 'l', 'y'});
            socket.getOutputStream().write(bytes.toByteArray());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            socket.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x84, 0, 0, 0, 0, 'l', 'a', 't', 'e'});
            socket.getOutputStream().flush();
            byte[] frame = in.readNBytes(6);
            assertThat(frame[0] & 0xff).isEqualTo(0x81);
            assertThat(new String(frame, 2, 4, StandardCharsets.UTF_8)).isEqualTo("late");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void aBackendFrameOverTheLimitEndsTheSessionWith1009ForTheClientToo() {
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base)) {
            WebSocketCloseStatus status = client(gateway).websocket().uri("/live/too-big")
                    .handle((in, out) -> in.receiveCloseStatus()).blockFirst(WAIT);
            assertThat(status.code()).isEqualTo(1009);
        }
    }

    @Test
    void aFrameWithReservedBitsSetIsAProtocolError1002() throws Exception {
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/echo", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            client.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, "compressed?".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame frame = client.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1002);
        }
    }

    /** A pass-through is no endpoint: what a text frame holds is the backend's to judge (as nginx relays it too). */
    @Test
    void aTextFrameThatIsNotUtf8PassesAsItCameForTheBackendToJudge() throws Exception {
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/echo", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            client.send(RawWebSocket.FIN | RawWebSocket.TEXT, new byte[] {(byte) 0xC3, (byte) 0x28});
            RawWebSocket.Frame frame = client.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(frame.payload()).containsExactly((byte) 0xC3, (byte) 0x28);
        }
    }

    @Test
    void permessageDeflateIsNeverNegotiatedNorForwarded() throws Exception {
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/extensions",
                     "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            assertThat(RawWebSocket.header(client.head(), "sec-websocket-extensions")).isNull();
            RawWebSocket.Frame frame = client.read();
            assertThat(frame.text()).isEqualTo("null");
        }
    }

    @Test
    void aPingFloodIsAnsweredPongForPingInOrder() throws Exception {
        int pings = 5_000;
        try (GatewayServer gateway = gateway(WebSocketProxySettings.DEFAULTS, base);
             RawWebSocket client = RawWebSocket.connect(gateway.port(), "/live/echo", "")) {
            assertThat(client.head()).startsWith("HTTP/1.1 101");
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < pings; i++) {
                        byte[] payload = new byte[125];
                        ByteBuffer.wrap(payload).putInt(i);
                        client.write(RawWebSocket.FIN | RawWebSocket.PING, payload);
                    }
                    client.send(RawWebSocket.FIN | RawWebSocket.TEXT, "after".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < pings; i++) {
                RawWebSocket.Frame pong = client.read();
                assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
                assertThat(ByteBuffer.wrap(pong.payload()).getInt()).isEqualTo(i);
            }
            assertThat(client.read().text()).isEqualTo("after");
            flood.join();
        }
    }
}
