package io.tollgate.core.event;

import net.minidev.json.JSONValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** WebSocket events against Amazon API Gateway's own (captured, and its developer guide's). */
class WebSocketEventsTest {

    private static final WebSocketEvents.Connection CONNECTION = new WebSocketEvents.Connection("RsGpzfNaoE0CIqg=",
            1705503499229L, "z7aqfmpd0c", "dev", "z7aqfmpd0c.execute-api.ap-northeast-2.amazonaws.com",
            "218.233.108.149", null, null);
    private static final WebSocketEvents.Request REQUEST = new WebSocketEvents.Request("RsI83FhYIE0FvxQ=",
            Instant.ofEpochMilli(1705504440469L));

    @Test
    void aMessageEventIsTheOneAwsSends() {
        // captured from API Gateway (2024), as the notes in websocket-semantics.md give it
        String captured = "{\"requestContext\":{\"routeKey\":\"$default\",\"messageId\":\"RsI83cCDIE0CIqg=\","
                + "\"eventType\":\"MESSAGE\",\"extendedRequestId\":\"RsI83FhYIE0FvxQ=\",\"requestTime\":\"17/Jan/2024:15:14:00 +0000\","
                + "\"messageDirection\":\"IN\",\"stage\":\"dev\",\"connectedAt\":1705503499229,\"requestTimeEpoch\":1705504440469,"
                + "\"identity\":{\"sourceIp\":\"218.233.108.149\"},\"requestId\":\"RsI83FhYIE0FvxQ=\","
                + "\"domainName\":\"z7aqfmpd0c.execute-api.ap-northeast-2.amazonaws.com\",\"connectionId\":\"RsGpzfNaoE0CIqg=\","
                + "\"apiId\":\"z7aqfmpd0c\"},\"body\":\"__ping__\",\"isBase64Encoded\":false}";
        Map<String, Object> event = WebSocketEvents.message(CONNECTION, REQUEST, "$default", "RsI83cCDIE0CIqg=", "__ping__", false);
        assertThat(JSONValue.parse(JSONValue.toJSONString(event))).isEqualTo(JSONValue.parse(captured));
        // in AWS's order too
        assertThat(event.keySet()).containsExactly("requestContext", "body", "isBase64Encoded");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat(context.keySet()).containsExactly("routeKey", "messageId", "eventType", "extendedRequestId", "requestTime",
                "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId", "domainName",
                "connectionId", "apiId");
    }

    @Test
    void aConnectEventHasTheUpgradesHeadersAndQueryAndNoMessageId() {
        Map<String, Object> event = WebSocketEvents.connect(CONNECTION, REQUEST, List.of(
                        Map.entry("Host", "z7aqfmpd0c.execute-api.ap-northeast-2.amazonaws.com"),
                        Map.entry("Sec-WebSocket-Protocol", "chat"), Map.entry("sec-websocket-protocol", "v2")),
                Map.of("room", List.of("a", "b")));
        assertThat(event.keySet()).containsExactly("headers", "multiValueHeaders", "queryStringParameters",
                "multiValueQueryStringParameters", "requestContext", "isBase64Encoded");
        assertThat(event.get("headers")).isEqualTo(Map.of("Host", "z7aqfmpd0c.execute-api.ap-northeast-2.amazonaws.com",
                "Sec-WebSocket-Protocol", "chat,v2"));
        assertThat(event.get("multiValueHeaders")).isEqualTo(Map.of("Host",
                List.of("z7aqfmpd0c.execute-api.ap-northeast-2.amazonaws.com"), "Sec-WebSocket-Protocol", List.of("chat", "v2")));
        assertThat(event.get("queryStringParameters")).isEqualTo(Map.of("room", "b"));
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat(context).containsEntry("routeKey", "$connect").containsEntry("eventType", "CONNECT")
                .doesNotContainKey("messageId");
        assertThat(event).doesNotContainKey("body");
        assertThat(WebSocketEvents.connect(CONNECTION, REQUEST, List.of(), Map.of()))
                .doesNotContainKeys("queryStringParameters", "multiValueQueryStringParameters");
    }

    @Test
    void aDisconnectEventHasAwsFixedHeadersAndTheClosesStatus() {
        WebSocketEvents.Connection authorized = new WebSocketEvents.Connection("c", 1L, "api", "prod", "example.com",
                "10.0.0.1", "wscat", Map.of("principalId", "me"));
        Map<String, Object> event = WebSocketEvents.disconnect(authorized, REQUEST, 1005, "Client-side close frame status not set");
        assertThat(event.get("headers")).isEqualTo(Map.of("Host", "example.com", "x-api-key", "", "X-Forwarded-For", "",
                "x-restapi", ""));
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat(context).containsEntry("eventType", "DISCONNECT").containsEntry("routeKey", "$disconnect")
                .containsEntry("disconnectStatusCode", 1005)
                .containsEntry("disconnectReason", "Client-side close frame status not set")
                .containsEntry("authorizer", Map.of("principalId", "me"))
                .containsEntry("identity", Map.of("sourceIp", "10.0.0.1", "userAgent", "wscat"));
    }

    @Test
    void idsLookLikeAwsOnes() {
        String id = WebSocketEvents.newId();
        assertThat(id).hasSize(16).endsWith("=").matches("[A-Za-z0-9_-]{15}=");
        assertThat(WebSocketEvents.newId()).isNotEqualTo(id);
    }
}
