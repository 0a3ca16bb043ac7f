package io.tollgate.core.websocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.observability.AccessLogFormat;
import io.tollgate.core.observability.AccessLogs;
import io.tollgate.core.observability.GatewayMetrics;
import io.tollgate.core.observability.MeterNames;
import io.tollgate.core.observability.MetricsOptions;
import io.tollgate.core.observability.StageRef;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket API's events observed as requests are (one access log line and one timing per event, by route), and
 * counted as AWS's WebSocket metrics (ConnectCount, MessageCount, ClientError, IntegrationError, ExecutionError).
 */
class WebSocketObservabilityTest {

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final ListAppender<ILoggingEvent> access = new ListAppender<>();
    private static GatewayServer gateway;

    @BeforeAll
    static void start() {
        Logger logger = (Logger) LoggerFactory.getLogger("tollgate.access");
        logger.setLevel(Level.INFO);
        access.start();
        logger.addAppender(access);
        Api chat = Api.builder("chat").type(ApiType.WEBSOCKET).basePath("/chat").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .route("$connect", IntegrationSpec.mock(200))
                .route("$disconnect", IntegrationSpec.mock(200))
                .route(new RouteSpec("echo", IntegrationSpec.mock(200).integrationResponse(IntegrationResponseSpec
                        .status(200).responseTemplate("application/json", "echoed"))).routeResponseSelectionExpression("$default"))
                .build();
        // no $default: a message no route takes is answered Forbidden
        Api counted = Api.builder("counted").type(ApiType.WEBSOCKET).basePath("/counted").stage("prod", Map.of())
                .routeSelectionExpression("$request.body.action")
                .route("$connect", IntegrationSpec.mock(200))
                .route(new RouteSpec("ok", IntegrationSpec.function("ok")).routeResponseSelectionExpression("$default"))
                .route("fail", IntegrationSpec.function("fail"))
                .route("broken", IntegrationSpec.function("broken"))
                .build();
        Map<String, GatewayFunction> functions = Map.of(
                "ok", (event, context) -> Mono.just(Map.of("statusCode", 200, "body", "fine")),
                "fail", (event, context) -> Mono.just(Map.of("statusCode", 500)),
                "broken", (event, context) -> Mono.error(new IllegalStateException("broken on purpose")));
        gateway = GatewayServer.start(Gateway.builder().api(chat).api(counted)
                .feature(new FunctionFeature(name -> Optional.ofNullable(functions.get(name))))
                .requestListener(new GatewayMetrics(meters, MetricsOptions.DEFAULT))
                .requestListener(new AccessLogs(Map.of(new StageRef("chat", "prod"), AccessLogFormat.of(
                        "$context.eventType $context.routeKey $context.connectionId $context.status"
                                + " $context.responseLength", ApiType.WEBSOCKET))))
                .build());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        ((Logger) LoggerFactory.getLogger("tollgate.access")).detachAppender(access);
    }

    @Test
    void connectEachMessageAndDisconnectAreOneLineAndOneTimingEach() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/chat/prod", "")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            raw.send(RawWebSocket.FIN | RawWebSocket.TEXT, "{\"action\":\"echo\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.read().text()).isEqualTo("echoed");
            raw.sendClose(1000, "done");
            assertThat(raw.read().opcode()).isEqualTo(RawWebSocket.CLOSE);
        }
        Await.until("three access log lines", () -> access.list.size() == 3);
        List<String> lines = access.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        String id = lines.get(0).split(" ")[2];
        assertThat(id).hasSize(16).endsWith("=");
        assertThat(lines).containsExactly("CONNECT $connect " + id + " 200 0", "MESSAGE echo " + id + " 200 6",
                "DISCONNECT $disconnect " + id + " 200 0");
        for (String route : List.of("$connect", "echo", "$disconnect")) {
            assertThat(meters.find(MeterNames.REQUESTS).tag(MeterNames.ROUTE, route).timer().count())
                    .as(route).isEqualTo(1);
        }
        // the upgrade request itself is not counted apart from its $connect event
        assertThat(meters.find(MeterNames.REQUESTS).tag(MeterNames.API, "chat").tag(MeterNames.ROUTE, "$unmatched")
                .timers()).isEmpty();
        assertThat(count(MeterNames.WEBSOCKET_CONNECTS, "chat", "$connect")).isEqualTo(1);
        assertThat(count(MeterNames.WEBSOCKET_MESSAGES, "chat", "echo")).isEqualTo(2); // in, and its answer
    }

    private static double count(String meter, String api, String route) {
        var counter = meters.find(meter).tag(MeterNames.API, api).tag(MeterNames.ROUTE, route).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void awsWebSocketMetricsAreCountedByRoute() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(gateway.port(), "/counted/prod", "")) {
            assertThat(raw.head()).startsWith("HTTP/1.1 101");
            send(raw, "{\"action\":\"ok\"}");
            assertThat(raw.read().text()).isEqualTo("fine");
            send(raw, "{\"action\":\"fail\"}");   // one-way: the integration's 500 reaches nobody, but it counts
            send(raw, "{\"action\":\"broken\"}");
            assertThat(raw.read().text()).contains("\"message\": \"Internal server error\"");
            send(raw, "{\"action\":\"nowhere\"}");
            assertThat(raw.read().text()).contains("\"message\": \"Forbidden\"");
            send(raw, "{\"action\":\"ok\"}");
            assertThat(raw.read().text()).isEqualTo("fine");
        }
        assertThat(count(MeterNames.WEBSOCKET_CONNECTS, "counted", "$connect")).isEqualTo(1);
        Await.until("the last message counted", () -> count(MeterNames.WEBSOCKET_MESSAGES, "counted", "ok") == 4);
        assertThat(count(MeterNames.WEBSOCKET_MESSAGES, "counted", "fail")).isEqualTo(1);
        assertThat(count(MeterNames.WEBSOCKET_INTEGRATION_ERRORS, "counted", "fail")).isEqualTo(1);
        assertThat(count(MeterNames.WEBSOCKET_EXECUTION_ERRORS, "counted", "fail")).isZero();
        assertThat(count(MeterNames.WEBSOCKET_EXECUTION_ERRORS, "counted", "broken")).isEqualTo(1);
        assertThat(count(MeterNames.WEBSOCKET_INTEGRATION_ERRORS, "counted", "broken")).isZero();
        // the Forbidden frame: a client error of no route, in and out
        assertThat(count(MeterNames.WEBSOCKET_CLIENT_ERRORS, "counted", "$unmatched")).isEqualTo(1);
        assertThat(count(MeterNames.WEBSOCKET_MESSAGES, "counted", "$unmatched")).isEqualTo(2);
        assertThat(meters.find(MeterNames.REQUESTS).tag(MeterNames.API, "counted").tag(MeterNames.ROUTE, "$unmatched")
                .tag(MeterNames.STATUS, "403").timer().count()).isEqualTo(1);
        for (String route : List.of("$connect", "ok")) {
            assertThat(count(MeterNames.WEBSOCKET_CLIENT_ERRORS, "counted", route)).as(route).isZero();
            assertThat(count(MeterNames.WEBSOCKET_INTEGRATION_ERRORS, "counted", route)).as(route).isZero();
        }
    }

    private static void send(RawWebSocket raw, String text) throws java.io.IOException {
        raw.send(RawWebSocket.FIN | RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
