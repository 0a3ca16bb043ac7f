package io.tollgate.core.websocket;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.WebSocketSettings;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RawWebSocket;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WebSocket API served end to end: {@code $connect} deciding the upgrade, messages routed by the route selection
 * expression to function, mock and HTTP proxy integrations, two-way answers, AWS's frames for errors and unmatched
 * messages, {@code $disconnect} with the close, the connections' operations, and the limits.
 */
class WebSocketApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "websocket-api-key-0123456789";
    /** Every event the functions were given, in order. */
    private static final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    /** Every event the authorizer was given. */
    private static final List<Map<String, Object>> authorizerEvents = new CopyOnWriteArrayList<>();
    private static final WebSocketApiFeature feature = new WebSocketApiFeature();
    private static RecordingBackend backend;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        GatewayFunction connect = (event, context) -> {
            events.add(map(event));
            Map<String, Object> headers = map(map(event).get("headers"));
            Object status = headers.containsKey("x-refuse") ? Integer.valueOf(String.valueOf(headers.get("x-refuse"))) : 200;
            if (headers.containsKey("x-throw")) {
                return Mono.error(new IllegalStateException("the connect function broke"));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("statusCode", status);
            answer.put("body", "not for the client");
            if (headers.keySet().stream().anyMatch("Sec-WebSocket-Protocol"::equalsIgnoreCase)) {
                answer.put("headers", Map.of("Sec-WebSocket-Protocol", "chat"));
            }
            return Mono.just(answer);
        };
        GatewayFunction echo = (event, context) -> {
            events.add(map(event));
            Map<String, Object> request = map(map(event).get("requestContext"));
            return Mono.just(Map.of("statusCode", 200, "body",
                    request.get("routeKey") + " " + request.get("eventType") + " " + map(event).get("body")));
        };
        GatewayFunction broken = (event, context) -> Mono.error(new IllegalStateException("broken on purpose"));
        GatewayFunction record = (event, context) -> {
            events.add(map(event));
            return Mono.just(Map.of("statusCode", 200));
        };
        GatewayFunction big = (event, context) -> Mono.just(Map.of("statusCode", 200, "body", "b".repeat(600)));
        GatewayFunction hang = (event, context) -> Mono.never();
        Map<String, GatewayFunction> functions = Map.of("connect", connect, "echo", echo, "broken", broken,
                "record", record, "big", big, "hang", hang);
        UsagePlan plan = new UsagePlan("plan", new Throttle(100, 100), null,
                List.of(new UsagePlan.ApiStage("keyed", "prod", Map.of())), Instant.EPOCH);
        UsageControl usage = UsageControl.builder().plans(List.of(plan)).keys(new InMemoryApiKeyRepository(
                List.of(new ApiKey("k", "k", KEY, true, Set.of("plan"), Instant.EPOCH)))).build();
        Map<String, io.tollgate.core.auth.GatewayAuthorizer> authorizers = Map.of("tokens", event -> {
            authorizerEvents.add(event.asMap());
            Object token = map(event.asMap().get("queryStringParameters")).get("token");
            return Mono.just("letmein".equals(token)
                    ? io.tollgate.core.auth.AuthorizerResult.policy("user-7",
                            io.tollgate.core.auth.PolicyDocument.allow("*")).withContext(Map.of("tier", "gold"))
                    : io.tollgate.core.auth.AuthorizerResult.policy("nobody",
                            io.tollgate.core.auth.PolicyDocument.deny("*")));
        });
        Gateway built = Gateway.builder()
                .api(Api.builder("chat").type(ApiType.WEBSOCKET).basePath("/chat").stage("prod", Map.of())
                        .routeSelectionExpression("$request.body.action")
                        .route("$connect", IntegrationSpec.function("connect"))
                        .route("$disconnect", IntegrationSpec.function("record"))
                        .route(new RouteSpec("echo", IntegrationSpec.function("echo")).routeResponseSelectionExpression("$default"))
                        .route("oneway", IntegrationSpec.function("echo"))
                        .route("broken", IntegrationSpec.function("broken"))
                        .route(new RouteSpec("mock", IntegrationSpec.mock(200)
                                .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json",
                                        "mocked $context.connectionId for $context.routeKey")))
                                .routeResponseSelectionExpression("$default"))
                        .route(new RouteSpec("templated", IntegrationSpec.mock(200)
                                .templateSelectionExpression("${request.body.kind}")
                                .requestTemplate("ok", "{\"statusCode\": 200}")
                                .requestTemplate("$default", "{\"statusCode\": 404}")
                                .integrationResponse(IntegrationResponseSpec.status(200)
                                        .responseTemplate("application/json", "found"))
                                .integrationResponse(IntegrationResponseSpec.status(404).selectionPattern("404")
                                        .responseTemplate("application/json", "missing")))
                                .routeResponseSelectionExpression("$default"))
                        .route("nonproxy", IntegrationSpec.http(backend.url() + "/np")
                                .requestParameter("integration.request.header.connectionId", "context.connectionId")
                                .requestParameter("integration.request.header.x-agent", "route.request.header.user-agent")
                                .requestParameter("integration.request.header.x-said", "route.request.body.text")
                                .requestParameter("integration.request.querystring.user", "route.request.body.user.name")
                                .requestTemplate("application/json", "{\"said\": $input.json('$.text')}"))
                        .route("backend", IntegrationSpec.httpProxy(backend.url() + "/messages")
                                .requestParameter("overwrite:header.connectionid", "$context.connectionId")
                                .requestParameter("overwrite:header.x-route", "$context.routeKey"))
                        .route(new RouteSpec("$default", IntegrationSpec.function("echo")).routeResponseSelectionExpression("$default"))
                        .build())
                .api(Api.builder("strict").type(ApiType.WEBSOCKET).basePath("/strict").stage("prod", Map.of())
                        .routeSelectionExpression("${request.body.service}/${request.body.action}")
                        .route(new RouteSpec("chat/join", IntegrationSpec.function("echo")).routeResponseSelectionExpression("$default"))
                        .route(new RouteSpec("chat/big", IntegrationSpec.function("big")).routeResponseSelectionExpression("$default"))
                        .route("$disconnect", IntegrationSpec.function("record"))
                        .webSocket(new WebSocketSettings(Duration.ofMillis(400), Duration.ofHours(2), 200, 500, false,
                                4096, false))
                        .build())
                .api(Api.builder("slow").type(ApiType.WEBSOCKET).basePath("/slow").stage("prod", Map.of())
                        .routeSelectionExpression("$request.body.action")
                        .route("$connect", IntegrationSpec.function("hang").timeout(Duration.ofMillis(300)))
                        .build())
                .api(Api.builder("keyed").type(ApiType.WEBSOCKET).basePath("/keyed").stage("prod", Map.of())
                        .routeSelectionExpression("$request.body.action")
                        .route(new RouteSpec("$connect", IntegrationSpec.mock(200)).apiKeyRequired(true))
                        .build())
                .api(Api.builder("guarded").type(ApiType.WEBSOCKET).basePath("/guarded").stage("prod", Map.of("tier", "t1"))
                        .routeSelectionExpression("$request.body.action")
                        .authorizer(new io.tollgate.core.api.auth.AuthorizerSpec("tokens", "REQUEST")
                                .identitySources(List.of("route.request.querystring.token")))
                        .route(new RouteSpec("$connect", IntegrationSpec.mock(200)).authorizer("tokens"))
                        .route(new RouteSpec("$default", IntegrationSpec.function("echo")).routeResponseSelectionExpression("$default"))
                        .route(new RouteSpec("who", IntegrationSpec.mock(200).integrationResponse(IntegrationResponseSpec
                                .status(200).responseTemplate("application/json",
                                        "$context.authorizer.principalId $context.authorizer.tier")))
                                .routeResponseSelectionExpression("$default"))
                        .build())
                .feature(new io.tollgate.core.auth.AuthorizerFeature(
                        io.tollgate.core.auth.AuthorizerRegistry.of(authorizers), null))
                .feature(new FunctionFeature(name -> Optional.ofNullable(functions.get(name))))
                .feature(new UsageFeature(usage))
                .feature(feature)
                .build();
        gateway = GatewayServer.start(built);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** The id of the connection whose upgrade carried {@code x-marker: marker} (its CONNECT event's). */
    private static String connectionOf(String marker) {
        return Await.value("the CONNECT event marked " + marker, WAIT, () -> events.stream()
                .filter(e -> "CONNECT".equals(map(e.get("requestContext")).get("eventType"))
                        && marker.equals(map(e.get("headers")).get("x-marker")))
                .map(e -> (String) map(e.get("requestContext")).get("connectionId")).findFirst());
    }

    /** The event of kind {@code type} of connection {@code id}, once it came. */
    private static Map<String, Object> eventOf(String id, String type) {
        return Await.value("the " + type + " event of " + id, WAIT, () -> events.stream()
                .filter(e -> id.equals(map(e.get("requestContext")).get("connectionId"))
                        && type.equals(map(e.get("requestContext")).get("eventType")))
                .findFirst());
    }

    /** The handshake {@code client} makes for {@code path} is refused with {@code status}; the refusal returned. */
    private static WebSocketClientHandshakeException assertRefusedWith(HttpClient client, String path, int status) {
        WebSocketClientHandshakeException[] refused = new WebSocketClientHandshakeException[1];
        assertThatThrownBy(() -> client.websocket().uri(path).handle((in, out) -> in.receive()).blockLast(WAIT))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, e -> {
                    assertThat(e.response().status().code()).isEqualTo(status);
                    refused[0] = e;
                });
        return refused[0];
    }

    /** The next frame {@code raw} reads is a close with {@code code}; returned. */
    private static RawWebSocket.Frame assertClosedWith(RawWebSocket raw, int code) throws java.io.IOException {
        RawWebSocket.Frame close = raw.read();
        assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
        assertThat(close.closeCode()).isEqualTo(code);
        return close;
    }

    private static HttpClient client() {
        return HttpClient.create().baseUrl("ws://127.0.0.1:" + gateway.port());
    }

    /** Sends each message and collects {@code answers} messages back. */
    private static List<String> exchange(String path, int answers, String... messages) {
        return client().websocket().uri(path)
                .handle((in, out) -> out.sendString(reactor.core.publisher.Flux.fromArray(messages)).then()
                        .thenMany(in.receive().asString().take(answers)))
                .collectList().block(WAIT);
    }

    @Test
    void eachMessageGoesToTheRouteItsActionNamesAndATwoWayRouteAnswers() {
        List<String> got = exchange("/chat/prod", 3, "{\"action\":\"echo\",\"n\":1}", "not json", "{\"action\":\"nope\"}");
        assertThat(got).containsExactly("echo MESSAGE {\"action\":\"echo\",\"n\":1}", "$default MESSAGE not json",
                "$default MESSAGE {\"action\":\"nope\"}");
    }

    @Test
    void theConnectFunctionGetsTheUpgradesHeadersAndQueryAndEveryEventTheSameConnection() {
        List<String> got = client().headers(h -> h.set("x-custom", "kept").set("User-Agent", "tester/1")
                        .set("x-marker", "headers"))
                .websocket().uri("/chat/prod?room=blue&room=red")
                .handle((in, out) -> out.sendString(Mono.just("{\"action\":\"echo\"}")).then()
                        .thenMany(in.receive().asString().take(1)))
                .collectList().block(WAIT);
        assertThat(got).hasSize(1);
        String connectionId = connectionOf("headers");
        Map<String, Object> connect = eventOf(connectionId, "CONNECT");
        Map<String, Object> connectContext = map(connect.get("requestContext"));
        assertThat(connectContext).containsEntry("eventType", "CONNECT").containsEntry("routeKey", "$connect")
                .containsEntry("stage", "prod").containsEntry("apiId", "chat").doesNotContainKey("messageId");
        assertThat(map(connect.get("headers"))).containsEntry("x-custom", "kept");
        assertThat(map(connect.get("queryStringParameters"))).containsEntry("room", "red");
        assertThat(map(connect.get("multiValueQueryStringParameters"))).containsEntry("room", List.of("blue", "red"));
        assertThat(map(connectContext.get("identity"))).containsEntry("sourceIp", "127.0.0.1")
                .containsEntry("userAgent", "tester/1");
        assertThat(connectionId).hasSize(16).endsWith("=");

        Map<String, Object> message = eventOf(connectionId, "MESSAGE");
        Map<String, Object> messageContext = map(message.get("requestContext"));
        assertThat(messageContext).containsEntry("routeKey", "echo")
                .containsEntry("connectedAt", connectContext.get("connectedAt"));
        assertThat((String) messageContext.get("messageId")).hasSize(16).endsWith("=");
        assertThat(map(messageContext.get("identity"))).containsEntry("userAgent", "tester/1");
        assertThat(message).doesNotContainKey("headers").containsEntry("isBase64Encoded", false);

        Map<String, Object> disconnect = map(eventOf(connectionId, "DISCONNECT").get("requestContext"));
        assertThat(disconnect).containsEntry("routeKey", "$disconnect");
    }

    @Test
    void withoutARouteResponseNothingOfTheAnswerReachesTheClient() {
        // "oneway" answers nothing; the echo after it is the first thing that comes back
        List<String> got = exchange("/chat/prod", 1, "{\"action\":\"oneway\"}", "{\"action\":\"echo\"}");
        assertThat(got).containsExactly("echo MESSAGE {\"action\":\"echo\"}");
        assertThat(events.stream().map(e -> map(e.get("requestContext")).get("routeKey")).toList())
                .contains("oneway", "echo");
    }

    @Test
    void aMockRouteAnswersWithItsTemplateAndTheConnectionsContext() {
        List<String> got = exchange("/chat/prod", 1, "{\"action\":\"mock\"}");
        assertThat(got.get(0)).matches("mocked [A-Za-z0-9_-]{15}= for mock");
    }

    @Test
    void aTemplateSelectionExpressionChoosesTheRequestTemplateElseDefault() {
        List<String> got = exchange("/chat/prod", 2, "{\"action\":\"templated\",\"kind\":\"ok\"}",
                "{\"action\":\"templated\",\"kind\":\"other\"}");
        assertThat(got).containsExactly("found", "missing");
    }

    @Test
    void aFailingIntegrationIsAnsweredWithAwsFrameAndTheConnectionStaysOpen() {
        List<String> got = exchange("/chat/prod", 2, "{\"action\":\"broken\"}", "{\"action\":\"echo\"}");
        assertThat(got.get(0)).matches("\\{\"message\": \"Internal server error\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\","
                + " \"requestId\":\"[A-Za-z0-9_-]+\"}");
        assertThat(got.get(1)).isEqualTo("echo MESSAGE {\"action\":\"echo\"}");
    }

    @Test
    void aMessageNoRouteTakesIsForbiddenAndTheConnectionStaysOpen() {
        // "strict" has no $default: unknown keys and non-JSON messages get AWS's Forbidden frame
        List<String> got = exchange("/strict/prod", 3, "{\"service\":\"chat\",\"action\":\"leave\"}", "hi",
                "{\"service\":\"chat\",\"action\":\"join\"}");
        assertThat(got.get(0)).matches("\\{\"message\": \"Forbidden\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\","
                + " \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
        assertThat(got.get(1)).startsWith("{\"message\": \"Forbidden\"");
        assertThat(got.get(2)).isEqualTo("chat/join MESSAGE {\"service\":\"chat\",\"action\":\"join\"}");
    }

    @Test
    void anHttpProxyRouteGetsTheMessageAsItsBodyAndTheConnectionIdItMapped() throws Exception {
        String request;
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "x-marker: backend\r\n")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT,
                    "{\"action\":\"backend\",\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
            request = backend.awaitReceived("\"hello\"}", WAIT).text();
        }
        // the backend's connection is pooled: other requests may have come on it
        request = request.substring(request.lastIndexOf("POST /messages "));
        request = request.substring(0, request.indexOf("\"hello\"}") + "\"hello\"}".length());
        assertThat(request).startsWith("POST /messages HTTP/1.1\r\n").containsIgnoringCase("content-type: application/json")
                .containsIgnoringCase("x-route: backend").endsWith("{\"action\":\"backend\",\"text\":\"hello\"}");
        assertThat(RawWebSocket.header(request, "connectionid")).isEqualTo(connectionOf("backend"));
    }

    @Test
    void anHttpRouteMapsTheConnectionIdAndTemplatesTheMessage() throws Exception {
        String request;
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "x-marker: nonproxy\r\n")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT,
                    "{\"action\":\"nonproxy\",\"text\":\"hey\",\"user\":{\"name\":\"ann\"}}".getBytes(StandardCharsets.UTF_8));
            request = Await.value("the whole request", WAIT, () -> backend.connections().stream()
                    .map(RecordingBackend.Received::text).filter(t -> t.contains("{\"said\": \"hey\"}")).findFirst());
        }
        // the backend's connection is pooled: earlier requests may have come on it
        request = request.substring(request.indexOf("POST /np?user=ann "));
        request = request.substring(0, request.indexOf("{\"said\": \"hey\"}") + "{\"said\": \"hey\"}".length());
        assertThat(request).startsWith("POST /np?user=ann HTTP/1.1\r\n").endsWith("{\"said\": \"hey\"}");
        // fields of the message mapped by route.request.body.<JSONPath>
        assertThat(RawWebSocket.header(request, "x-said")).isEqualTo("hey");
        assertThat(RawWebSocket.header(request, "connectionid")).isEqualTo(connectionOf("nonproxy"));
        // no client header after $connect: what $connect carried is not there to map
        assertThat(RawWebSocket.header(request, "x-agent")).isNull();
    }

    @Test
    void aConnectIntegrationThatTimesOutRefusesTheHandshakeWith504() {
        assertRefusedWith(client(), "/slow/prod", 504);
    }

    @Test
    void aClientThatVanishesWithoutACloseIsReportedAs1006() throws Exception {
        RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "x-marker: vanished\r\n");
        assertThat(raw.head()).startsWith("HTTP/1.1 101");
        String id = connectionOf("vanished");
        raw.close();
        assertThat(map(eventOf(id, "DISCONNECT").get("requestContext"))).containsEntry("disconnectStatusCode", 1006);
        // removed before $disconnect ran
        assertThatThrownBy(() -> feature.connections().get(id).block(WAIT)).isInstanceOfSatisfying(
                ConnectionException.class, e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));
    }

    @Test
    void aMalformedHandshakeIsRefusedBeforeConnectRuns() throws Exception {
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("GET /chat/prod HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nx-marker: malformed\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 400").contains("Sec-WebSocket-Key");
        }
        assertThat(events).noneMatch(e -> "malformed".equals(map(e.getOrDefault("headers", Map.of())).get("x-marker")));
    }

    @Test
    void theConnectAnswerDecidesTheUpgrade() {
        WebSocketClientHandshakeException refusal = assertRefusedWith(
                client().headers(h -> h.set("x-refuse", "401").set("x-marker", "refused")), "/chat/prod", 401);
        assertThat(refusal.response().headers().get("content-length")).isEqualTo("0");
        assertRefusedWith(client().headers(h -> h.set("x-throw", "1").set("x-marker", "thrown")), "/chat/prod", 502);
        // refused: no $disconnect for a connection that was never made (the echo's comes; theirs never do)
        String refused = connectionOf("refused");
        String thrown = connectionOf("thrown");
        client().headers(h -> h.set("x-marker", "after")).websocket().uri("/chat/prod")
                .handle((in, out) -> out.sendClose(1000, "done")).blockLast(WAIT);
        eventOf(connectionOf("after"), "DISCONNECT");
        assertThat(events).noneMatch(e -> "DISCONNECT".equals(map(e.get("requestContext")).get("eventType"))
                && List.of(refused, thrown).contains(map(e.get("requestContext")).get("connectionId")));
    }

    @Test
    void theConnectAnswerChoosesTheSubprotocol() {
        String got = client().websocket(WebsocketClientSpec.builder().protocols("chat").build()).uri("/chat/prod")
                .handle((in, out) -> Mono.just(String.valueOf(in.selectedSubprotocol())))
                .blockFirst(WAIT);
        assertThat(got).isEqualTo("chat");
    }

    @Test
    void anApiKeyOnConnectIsRequired() {
        assertRefusedWith(client(), "/keyed/prod", 403);
        String got = client().headers(h -> h.set("x-api-key", KEY)).websocket().uri("/keyed/prod")
                .handle((in, out) -> Mono.just("connected")).blockFirst(WAIT);
        assertThat(got).isEqualTo("connected");
    }

    @Test
    void aRequestAuthorizerOnConnectDecidesAndWhatItFoundReachesEveryMessage() {
        assertRefusedWith(client(), "/guarded/prod", 401);
        assertRefusedWith(client(), "/guarded/prod?token=wrong", 403);
        List<String> got = exchange("/guarded/prod?token=letmein", 2, "{\"action\":\"who\"}", "hello");
        assertThat(got.get(0)).isEqualTo("user-7 gold");
        Map<String, Object> message = events.stream().filter(e -> "guarded".equals(
                map(e.get("requestContext")).get("apiId"))).findFirst().orElseThrow();
        assertThat(map(map(message.get("requestContext")).get("authorizer"))).containsEntry("principalId", "user-7")
                .containsEntry("tier", "gold");
        Map<String, Object> authorizer = authorizerEvents.stream()
                .filter(e -> "letmein".equals(map(e.get("queryStringParameters")).get("token"))).findFirst().orElseThrow();
        assertThat(authorizer).containsEntry("type", "REQUEST")
                .containsEntry("methodArn", "arn:aws:execute-api:local:000000000000:guarded/prod/$connect")
                .containsEntry("stageVariables", Map.of("tier", "t1"));
        assertThat(map(authorizer.get("requestContext"))).containsEntry("eventType", "CONNECT")
                .containsEntry("routeKey", "$connect");
        assertThat(authorizer).containsKey("headers").doesNotContainKey("isBase64Encoded");
    }

    @Test
    void disconnectIsToldTheClientsCloseStatusAndReason() {
        client().headers(h -> h.set("x-marker", "bye")).websocket().uri("/chat/prod")
                .handle((in, out) -> out.sendClose(4000, "bye")).blockLast(WAIT);
        Map<String, Object> disconnect = eventOf(connectionOf("bye"), "DISCONNECT");
        Map<String, Object> context = map(disconnect.get("requestContext"));
        assertThat(context).containsEntry("disconnectStatusCode", 4000).containsEntry("disconnectReason", "bye");
        assertThat(map(disconnect.get("headers"))).containsKeys("Host", "x-api-key", "X-Forwarded-For", "x-restapi");
    }

    @Test
    void aCloseWithoutStatusIsReportedAs1005() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "x-marker: empty\r\n")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            raw.send(RawWebSocket.FIN | RawWebSocket.CLOSE, new byte[0]);
            assertThat(raw.read().opcode()).isEqualTo(RawWebSocket.CLOSE);
        }
        assertThat(map(eventOf(connectionOf("empty"), "DISCONNECT").get("requestContext")))
                .containsEntry("disconnectStatusCode", 1005)
                .containsEntry("disconnectReason", "Client-side close frame status not set");
    }

    @Test
    void anIdleConnectionIsClosedWith1001AndDisconnectHearsIt() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/strict/prod", "")) {
            assertThat(assertClosedWith(raw, 1001).closeReason()).isEqualTo("Going away");
        }
        // "strict" has no $connect: its only connection closed 1001 is this one
        Await.until("the $disconnect event", () -> events.stream().map(e -> map(e.get("requestContext")))
                .anyMatch(c -> "strict".equals(c.get("apiId")) && Integer.valueOf(1001).equals(c.get("disconnectStatusCode"))
                        && "Going away".equals(c.get("disconnectReason"))));
    }

    @Test
    void aMessageOverTheLimitClosesWith1009EvenInSmallFrames() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/strict/prod", "")) {
            byte[] part = new byte[200];
            java.util.Arrays.fill(part, (byte) 'a');
            raw.send(RawWebSocket.TEXT, part).send(RawWebSocket.CONTINUATION, part)
                    .send(RawWebSocket.FIN | RawWebSocket.CONTINUATION, part);
            assertClosedWith(raw, 1009);
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/strict/prod", "")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT, new byte[201]);
            assertClosedWith(raw, 1009);
        }
    }

    @Test
    void aBinaryMessageClosesWith1003UnlessTheApiAllowsThem() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/strict/prod", "")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.BINARY, new byte[]{1, 2, 3});
            assertClosedWith(raw, 1003);
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT, new byte[]{'{', (byte) 0xc3, (byte) 0x28, '}'});
            assertClosedWith(raw, 1007);
        }
    }

    @Test
    void compressionIsNeverNegotiatedAndACompressedFrameIsAProtocolError() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod",
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
            raw.send(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, new byte[]{(byte) 0xf2, 0x48, 0x05, 0});
            assertClosedWith(raw, 1002);
        }
    }

    @Test
    void pingsAreAnsweredWithPongs() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            raw.send(RawWebSocket.FIN | RawWebSocket.PING, "are you there".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame pong = raw.read();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void aPingFloodIsAnsweredPongForPingAndTheConnectionServesOn() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            for (int i = 0; i < 5000; i++) {
                raw.write(RawWebSocket.FIN | RawWebSocket.PING, ("p" + i).getBytes(StandardCharsets.UTF_8));
            }
            raw.flush();
            for (int i = 0; i < 5000; i++) {
                RawWebSocket.Frame pong = raw.read();
                assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
                assertThat(pong.text()).isEqualTo("p" + i);
            }
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT, "{\"action\":\"echo\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.read().text()).isEqualTo("echo MESSAGE {\"action\":\"echo\"}");
        }
    }

    @Test
    void theApplicationSendsToDescribesAndClosesAConnection() {
        WebSocketConnections connections = feature.connections();
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        WebSocketCloseStatus status = client().headers(h -> h.set("x-marker", "pushed")).websocket().uri("/chat/prod")
                .handle((in, out) -> {
                    String id = connectionOf("pushed");
                    Mono<Void> push = connections.get(id)
                            .doOnNext(info -> got.add(info.api() + "/" + info.stage() + " " + info.sourceIp()))
                            .then(connections.send(id, "pushed".getBytes(StandardCharsets.UTF_8)));
                    // every frame read (a partial read would end the connection): the push, then the close it asks for
                    return push.thenMany(in.receive().asString()
                                    .concatMap(text -> connections.close(id).doOnSubscribe(s -> got.add(text))))
                            .then(in.receiveCloseStatus());
                })
                .blockFirst(WAIT);
        assertThat(got).containsExactly("chat/prod 127.0.0.1", "pushed");
        assertThat(status.code()).isEqualTo(1000);
        String id = connectionOf("pushed");
        assertThat(map(eventOf(id, "DISCONNECT").get("requestContext"))).containsEntry("disconnectStatusCode", 1000)
                .containsEntry("disconnectReason", "Connection Closed Normally");
        assertThatThrownBy(() -> connections.send(id, new byte[1]).block(WAIT))
                .isInstanceOfSatisfying(ConnectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.GONE));
    }

    @Test
    void anAnswerOverTheMessageSizeIsAnErrorFrame() {
        List<String> got = exchange("/strict/prod", 1, "{\"service\":\"chat\",\"action\":\"big\"}");
        assertThat(got.get(0)).startsWith("{\"message\": \"Internal server error\", \"connectionId\":");
    }

    @Test
    void aClientThatReadsNothingHoldsABoundedQueueAndPushesBeyondItAreRefused() throws Exception {
        WebSocketConnections connections = feature.connections();
        // a 4 KiB receive buffer the client never reads from; "chat" queues 1 MiB at most for it
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "x-marker: slow\r\n", 4096, 0)) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            String id = connectionOf("slow");
            byte[] message = new byte[64 * 1024];
            java.util.Arrays.fill(message, (byte) 'm');
            long accepted = 0;
            ConnectionException refused = null;
            while (refused == null && accepted < 256L * 1024 * 1024) {
                try {
                    connections.send(id, message).block(WAIT);
                    accepted += message.length;
                } catch (ConnectionException e) {
                    refused = e;
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.reason()).isEqualTo(ConnectionException.Reason.LIMIT_EXCEEDED);
            assertThat(refused.reason().status()).isEqualTo(429);
            // the queue (1 MiB), what the writer holds (64 KiB) and the sockets' buffers: nothing without bound
            assertThat(accepted).isLessThan(24L * 1024 * 1024);
            assertThatThrownBy(() -> connections.send(id, new byte[128 * 1024 + 1]).block(WAIT))
                    .isInstanceOfSatisfying(ConnectionException.class,
                            e -> assertThat(e.reason().status()).isEqualTo(413));
        }
    }

    @Test
    void aPlainRequestToTheStageIsAskedToUpgradeAndAnotherPathIsForbidden() throws Exception {
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("GET /chat/prod HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 426").containsIgnoringCase("upgrade: websocket");
        }
        try (RawClient raw = new RawClient(gateway.port())) {
            raw.send("GET /chat/prod/other HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 403").contains("{\"message\":\"Forbidden\"}");
        }
    }
}
