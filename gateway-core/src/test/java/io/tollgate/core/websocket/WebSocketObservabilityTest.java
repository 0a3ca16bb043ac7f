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

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket API's events observed as requests are: one access log line and one timing per event, by route. */
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
        gateway = GatewayServer.start(Gateway.builder().api(chat)
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
        assertThat(meters.find(MeterNames.REQUESTS).tag(MeterNames.ROUTE, "$unmatched").timers()).isEmpty();
    }
}
