package io.tollgate.core.integration;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.edge.EdgeSettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A WebSocket upgrade through an HTTP_PROXY route: frames both ways, close codes, subprotocols, refusals, bad handshakes. */
class WebSocketPassThroughTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "websocket-key-0123456789abcdef";
    private static DisposableServer backend;
    private static GatewayServer gateway;
    /** What the backend saw, by the test's marker: the close status a client sent, the handshake's headers. */
    private static final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        backend = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .ws("/echo", (in, out) -> out.sendObject(in.receiveFrames().map(WebSocketFrame::retain)))
                .ws("/headers", (in, out) -> out.sendString(Mono.just(String.valueOf(in.headers().get("x-forwarded-for"))
                        + "|" + in.headers().get("x-custom"))))
                // closes on the first message, reading on (cancelling its inbound would close it with no status)
                .ws("/closes", (in, out) -> in.receive().asString()
                        .concatMap(text -> out.sendClose(4001, "bye " + text)).then())
                .ws("/records-close", (in, out) -> in.receiveCloseStatus()
                        .doOnNext(status -> seen.put("close", status.code() + " " + status.reasonText())).then(),
                        WebsocketServerSpec.builder().build())
                .ws("/sub", (in, out) -> out.sendString(Mono.just("protocol " + in.selectedSubprotocol())),
                        WebsocketServerSpec.builder().protocols("b").build())
                // drops its connection, with no close frame, at the first message (reading on: cancelling its inbound
                // would send an empty close first)
                .ws("/vanishes", (in, out) -> in.receive()
                        .doOnNext(message -> in.withConnection(connection -> connection.channel().close()))
                        .onErrorResume(e -> Mono.empty()).then())
                .get("/switches", (request, response) -> response.status(HttpResponseStatus.SWITCHING_PROTOCOLS).send())
                .get("/refuse", (request, response) -> response.status(HttpResponseStatus.UNAUTHORIZED)
                        .header("www-authenticate", "Bearer").sendString(Mono.just("no"))))
                .bindNow();
        String base = "http://127.0.0.1:" + backend.port();
        UsagePlan plan = new UsagePlan("plan", new Throttle(100, 100), null,
                List.of(new UsagePlan.ApiStage("keyed", "$default", Map.of())), Instant.EPOCH);
        UsageControl usage = UsageControl.builder().plans(List.of(plan)).keys(new InMemoryApiKeyRepository(
                List.of(new ApiKey("k", "k", KEY, true, Set.of("plan"), Instant.EPOCH)))).build();
        Gateway built = Gateway.builder()
                .api(Api.builder("live").basePath("/live")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}"))
                        .build())
                .api(Api.builder("keyed").basePath("/keyed")
                        .route(new RouteSpec("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}")).apiKeyRequired(true))
                        .build())
                .api(Api.builder("rest").type(ApiType.REST).basePath("/rest").stage("prod", Map.of())
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}"))
                        .build())
                .api(Api.builder("denied").basePath("/denied")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}"))
                        .resourcePolicy(new ResourcePolicy(List.of(), List.of("127.0.0.0/8"), List.of()))
                        .build())
                .api(Api.builder("throttled").basePath("/throttled")
                        .route("GET /{proxy+}", IntegrationSpec.httpProxy(base + "/{proxy}"))
                        // one upgrade, then none for about 17 minutes
                        .stageThrottle("$default", new Throttle(0.001, 1), null)
                        .build())
                .feature(new UsageFeature(usage))
                .build();
        // a short request-head timeout: an upgraded connection must outlive it
        gateway = GatewayServer.start(built, new EdgeSettings(Duration.ofMillis(300), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 100, 0));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.disposeNow();
    }

    private static HttpClient client() {
        return HttpClient.create().baseUrl("ws://127.0.0.1:" + gateway.port());
    }

    @Test
    void textAndBinaryFramesGoBothWaysAsTheyCame() {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        List<String> got = client().websocket().uri("/live/echo")
                .handle((in, out) -> out.sendObject(Flux.just(new TextWebSocketFrame("hello"),
                                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))))
                        .then().thenMany(in.receiveFrames().take(2).map(frame -> frame.getClass().getSimpleName() + ":"
                                + (frame instanceof BinaryWebSocketFrame ? ByteBufUtil.hexDump(frame.content())
                                : frame.content().toString(StandardCharsets.UTF_8)))))
                .collectList().block(WAIT);
        assertThat(got).containsExactly("TextWebSocketFrame:hello", "BinaryWebSocketFrame:000102ff");
    }

    @Test
    void aRestApisProxyRouteUpgradesToo() {
        String got = client().websocket().uri("/rest/prod/echo")
                .handle((in, out) -> out.sendString(Mono.just("through a stage")).then().thenMany(in.receive().asString().take(1)))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("through a stage");
    }

    @Test
    void theBackendGetsTheForwardedHeadersOfTheHandshake() {
        String got = client().headers(h -> h.set("x-custom", "kept")).websocket().uri("/live/headers")
                .handle((in, out) -> in.receive().asString().next()).blockFirst(WAIT);
        assertThat(got).isEqualTo("127.0.0.1|kept");
    }

    @Test
    void aCloseCodeAndReasonReachTheOtherSideEitherWay() {
        WebSocketCloseStatus fromBackend = client().websocket().uri("/live/closes")
                .handle((in, out) -> out.sendString(Mono.just("now")).then().then(in.receiveCloseStatus()))
                .blockFirst(WAIT);
        assertThat(fromBackend.code()).isEqualTo(4001);
        assertThat(fromBackend.reasonText()).isEqualTo("bye now");

        seen.remove("close");
        client().websocket().uri("/live/records-close")
                .handle((in, out) -> out.sendClose(4000, "done").then(in.receiveCloseStatus()))
                .blockLast(WAIT);
        Await.until("the backend to hear the close", () -> seen.containsKey("close"));
        assertThat(seen.get("close")).isEqualTo("4000 done");
    }

    @Test
    void theClientGetsTheSubprotocolTheBackendChose() {
        String got = client().websocket(WebsocketClientSpec.builder().protocols("a,b").build()).uri("/live/sub")
                .handle((in, out) -> in.receive().asString().next().map(text -> in.selectedSubprotocol() + " / " + text))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("b / protocol b");
    }

    @Test
    void aBackendThatRefusesTheUpgradeIsAnsweredWithItsStatus() {
        assertThatThrownBy(() -> client().websocket().uri("/live/refuse").handle((in, out) -> in.receive()).blockLast(WAIT))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, e -> {
                    assertThat(e.response().status().code()).isEqualTo(401);
                    assertThat(e.response().headers().get("www-authenticate")).isEqualTo("Bearer");
                });
    }

    @Test
    void anUpgradedConnectionOutlivesTheRequestHeadTimeout() {
        String got = client().websocket().uri("/live/echo")
                .handle((in, out) -> out.sendString(Mono.just("late").delaySubscription(Duration.ofMillis(900)))
                        .then().thenMany(in.receive().asString().take(1)))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("late");
    }

    @Test
    void malformedHandshakesAreRefusedBeforeAnythingIsForwarded() throws Exception {
        String head = "GET /live/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send(head + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("Sec-WebSocket-Key");
        }
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send(head + "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
        }
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send(head + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400");
        }
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("GET /live/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("Connection");
        }
    }

    @Test
    void theMethodRequestStepsDecideTheUpgradeAnAPIKeyHere() {
        assertThatThrownBy(() -> client().websocket().uri("/keyed/echo").handle((in, out) -> in.receive()).blockLast(WAIT))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                        e -> assertThat(e.response().status().code()).isEqualTo(403));
        String got = client().headers(h -> h.set("x-api-key", KEY)).websocket().uri("/keyed/echo")
                .handle((in, out) -> out.sendString(Mono.just("with a key")).then().thenMany(in.receive().asString().take(1)))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("with a key");
    }

    @Test
    void aResourcePolicyAndAThrottleDecideTheUpgradeToo() {
        assertThatThrownBy(() -> client().websocket().uri("/denied/echo").handle((in, out) -> in.receive()).blockLast(WAIT))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                        e -> assertThat(e.response().status().code()).isEqualTo(403));
        String first = client().websocket().uri("/throttled/echo")
                .handle((in, out) -> out.sendString(Mono.just("first")).then().thenMany(in.receive().asString().take(1)))
                .blockFirst(WAIT);
        assertThat(first).isEqualTo("first");
        assertThatThrownBy(() -> client().websocket().uri("/throttled/echo").handle((in, out) -> in.receive()).blockLast(WAIT))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                        e -> assertThat(e.response().status().code()).isEqualTo(429));
    }

    @Test
    void pingsReachTheBackendAndItsPongsComeBack() {
        String got = client().websocket().uri("/live/echo")
                .handle((in, out) -> out.sendObject(Mono.just(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'p'}))))
                        .then().thenMany(in.receiveFrames().take(1)
                                .map(frame -> frame.getClass().getSimpleName() + ":" + frame.content().toString(StandardCharsets.UTF_8))))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("PongWebSocketFrame:p");
    }

    @Test
    void fragmentsPassAsTheyCameNeverAggregated() {
        List<String> got = client().websocket().uri("/live/echo")
                .handle((in, out) -> out.sendObject(Flux.just(new TextWebSocketFrame(false, 0, "hel"),
                                new ContinuationWebSocketFrame(true, 0, "lo")))
                        .then().thenMany(in.receiveFrames().take(2).map(frame -> frame.getClass().getSimpleName() + ":"
                                + frame.isFinalFragment() + ":" + frame.content().toString(StandardCharsets.UTF_8))))
                .collectList().block(WAIT);
        assertThat(got).containsExactly("TextWebSocketFrame:false:hel", "ContinuationWebSocketFrame:true:lo");
    }

    @Test
    void aClientThatVanishesWithoutACloseIsReportedToTheBackendAsGone() throws Exception {
        seen.remove("close");
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("GET /live/records-close HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 101");
        }
        Await.until("the backend to hear the client is gone", () -> seen.containsKey("close"));
        assertThat(seen.get("close")).isEqualTo("1001 client went away");
    }

    @Test
    void aBackendThatSwitchesProtocolsUnaskedIsABadGateway() throws Exception {
        assertThat(gateway.http().exchange(io.netty.handler.codec.http.HttpMethod.GET, "/live/switches", h -> { }, null)
                .status()).isEqualTo(502);
    }

    @Test
    void aFrameOverTheLimitClosesTheSessionWith1009() {
        WebSocketCloseStatus status = client().websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri("/live/echo")
                .handle((in, out) -> out.sendObject(Mono.just(new BinaryWebSocketFrame(
                                Unpooled.wrappedBuffer(new byte[WebSocketProxySettings.DEFAULT_MAX_FRAME_PAYLOAD + 1]))))
                        .then().then(in.receiveCloseStatus()))
                .blockFirst(WAIT);
        assertThat(status.code()).isEqualTo(1009);
    }

    @Test
    void aBackendThatVanishesWithoutACloseIsReportedToTheClientAsGone() {
        WebSocketCloseStatus status = client().websocket().uri("/live/vanishes")
                .handle((in, out) -> out.sendString(Mono.just("go")).then().then(in.receiveCloseStatus()))
                .blockFirst(WAIT);
        assertThat(status.code()).isEqualTo(1011);
        assertThat(status.reasonText()).isEqualTo("backend went away");
    }
}
