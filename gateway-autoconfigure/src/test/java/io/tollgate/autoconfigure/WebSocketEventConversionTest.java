package io.tollgate.autoconfigure;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.tollgate.core.event.WebSocketEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tollgate's WebSocket events read by AWS's own event class, as an unmodified Lambda handler would get them. */
class WebSocketEventConversionTest {

    private final EventConversion conversion = new EventConversion();
    private final WebSocketEvents.Connection connection = new WebSocketEvents.Connection("RsGpzfNaoE0CIqg=", 1705503499229L,
            "z7aqfmpd0c", "dev", "example.com", "10.0.0.1", "wscat", Map.of("principalId", "me"));
    private final WebSocketEvents.Request request = new WebSocketEvents.Request("RsI83FhYIE0FvxQ=",
            Instant.ofEpochMilli(1705504440469L));

    @Test
    void aMessageEventFillsApiGatewayV2WebSocketEvent() {
        APIGatewayV2WebSocketEvent event = (APIGatewayV2WebSocketEvent) conversion.toInput(WebSocketEvents.message(
                connection, request, "sendmessage", "RsI83cCDIE0CIqg=", "{\"action\":\"sendmessage\"}", true),
                APIGatewayV2WebSocketEvent.class);
        APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
        assertThat(event.getBody()).isEqualTo("{\"action\":\"sendmessage\"}");
        assertThat(event.isIsBase64Encoded()).isTrue();
        assertThat(context.getRouteKey()).isEqualTo("sendmessage");
        assertThat(context.getEventType()).isEqualTo("MESSAGE");
        assertThat(context.getMessageId()).isEqualTo("RsI83cCDIE0CIqg=");
        assertThat(context.getConnectionId()).isEqualTo("RsGpzfNaoE0CIqg=");
        assertThat(context.getConnectedAt()).isEqualTo(1705503499229L);
        assertThat(context.getRequestTimeEpoch()).isEqualTo(1705504440469L);
        assertThat(context.getRequestTime()).isEqualTo("17/Jan/2024:15:14:00 +0000");
        assertThat(context.getStage()).isEqualTo("dev");
        assertThat(context.getApiId()).isEqualTo("z7aqfmpd0c");
        assertThat(context.getDomainName()).isEqualTo("example.com");
        assertThat(context.getMessageDirection()).isEqualTo("IN");
        assertThat(context.getIdentity().getSourceIp()).isEqualTo("10.0.0.1");
        assertThat(context.getIdentity().getUserAgent()).isEqualTo("wscat");
        assertThat(context.getAuthorizer()).containsEntry("principalId", "me");
    }

    @Test
    void aConnectEventFillsItsHeadersAndQuery() {
        APIGatewayV2WebSocketEvent event = (APIGatewayV2WebSocketEvent) conversion.toInput(WebSocketEvents.connect(
                connection, request, List.of(Map.entry("Host", "example.com")), Map.of("room", List.of("a"))),
                APIGatewayV2WebSocketEvent.class);
        assertThat(event.getHeaders()).containsEntry("Host", "example.com");
        assertThat(event.getMultiValueHeaders()).containsEntry("Host", List.of("example.com"));
        assertThat(event.getQueryStringParameters()).containsEntry("room", "a");
        assertThat(event.getRequestContext().getEventType()).isEqualTo("CONNECT");
        assertThat(event.getRequestContext().getRouteKey()).isEqualTo("$connect");
    }
}
