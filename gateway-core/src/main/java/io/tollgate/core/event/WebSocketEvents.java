package io.tollgate.core.event;

import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.WebSocketContext;
import io.tollgate.core.pipeline.WebSocketContext.EventType;
import org.jspecify.annotations.Nullable;


import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The events of a WebSocket API's function integrations, as JSON-like maps, field by field and in the order Amazon API
 * Gateway writes them (its captured events; {@code APIGatewayV2WebSocketEvent} reads them): {@code CONNECT} with the
 * upgrade request's headers and query, {@code MESSAGE} with the message, {@code DISCONNECT} with AWS's fixed headers
 * and the close's status and reason. {@code connectedAt} and {@code requestTimeEpoch} are numbers (milliseconds),
 * {@code requestTime} is in the common log format, {@code messageDirection} is always {@code IN}, and an authorizer's
 * context (from {@code $connect}) is in every event of the connection.
 */
public final class WebSocketEvents {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The last second formatted, and its text: the events of one second share it (formatting was 5 % of a message's CPU). */
    private static volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    private record FormattedSecond(long epochSecond, String text) {
    }
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ID = Base64.getUrlEncoder();

    private WebSocketEvents() {
    }

    /**
     * What every event of one connection says about it.
     *
     * @param connectionId the connection's id ({@link #newId()})
     * @param connectedAt  when the connection was made (epoch milliseconds)
     * @param apiId        {@code $context.apiId}
     * @param stage        the stage's name
     * @param domainName   the host the client connected to
     * @param sourceIp     the client's address
     * @param userAgent    its {@code User-Agent}, or null when it sent none
     * @param authorizer   the {@code $connect} authorizer's output ({@code principalId} and its context), or null
     */
    public record Connection(String connectionId, long connectedAt, String apiId, String stage, String domainName,
                             String sourceIp, @Nullable String userAgent, @Nullable Map<String, Object> authorizer) {

        public Connection {
            Objects.requireNonNull(connectionId, "connectionId");
            // a JWT's scopes may be null in it, as AWS writes them
            authorizer = authorizer == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(authorizer));
        }
    }

    /** One request of a connection: its id and time. */
    public record Request(String requestId, Instant time) {
    }

    /**
     * The event of a WebSocket API's exchange ({@link GatewayExchange#webSocket()}, not null): CONNECT with its upgrade
     * request's headers and query, MESSAGE with {@code body} (base64-encoded when it came in a binary message, which
     * its request's {@code application/octet-stream} says), DISCONNECT with its close. Its request id is
     * {@code $context.extendedRequestId} (AWS's are equal), its authorizer the one that ran on {@code $connect}.
     */
    public static Map<String, Object> of(GatewayExchange exchange, byte[] body) {
        boolean binary = "application/octet-stream".equals(exchange.request().headers().get("content-type"));
        WebSocketContext ws = Objects.requireNonNull(exchange.webSocket(), "a WebSocket event's exchange");
        Authorization authorization = exchange.authorization();
        Connection connection = new Connection(ws.connectionId(), ws.connectedAt(), exchange.api().id(),
                exchange.stage().name(), ws.domainName(), exchange.sourceIp(), ws.userAgent(),
                authorization == null ? null : ProxyEvents.authorizerV1(authorization));
        Request request = new Request(exchange.context(ContextVariable.EXTENDED_REQUEST_ID),
                Instant.ofEpochMilli(exchange.requestTimeEpoch()));
        return switch (ws.eventType()) {
            case CONNECT -> {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                exchange.request().headers().forEach(headers::add);
                yield connect(connection, request, headers, exchange.query().asMap());
            }
            case MESSAGE -> message(connection, request, exchange.routeKey(), Objects.requireNonNull(ws.messageId()),
                    binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8), binary);
            case DISCONNECT -> disconnect(connection, request, ws.disconnectStatusCode(), ws.disconnectReason());
        };
    }

    /**
     * An id as AWS's look: 16 characters of the URL-safe base64 alphabet, the last one {@code =} (eleven random bytes),
     * from a secure random: a connection's, which nobody may guess.
     */
    public static String newId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return ID.encodeToString(bytes);
    }

    /**
     * An id of the same look for what needs no secrecy, a message's or a request's: from the thread's own random, so
     * that a message does not wait on the secure one.
     */
    public static String newEventId() {
        byte[] bytes = new byte[11];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ID.encodeToString(bytes);
    }

    /**
     * The {@code $connect} event: the upgrade request's headers (each name as the client wrote it first; several values
     * joined with commas in {@code headers}, all of them in {@code multiValueHeaders}) and its query, when it has one.
     */
    public static Map<String, Object> connect(Connection connection, Request request, List<Map.Entry<String, String>> headers,
                                              Map<String, List<String>> query) {
        Map<String, Object> event = new LinkedHashMap<>();
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        Map<String, String> spellings = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = spellings.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> header.getKey());
            single.merge(name, header.getValue(), (a, b) -> a + "," + b);
            multi.computeIfAbsent(name, k -> new ArrayList<>()).add(header.getValue());
        }
        event.put("headers", single);
        event.put("multiValueHeaders", multi);
        if (!query.isEmpty()) {
            Map<String, String> lastValues = new LinkedHashMap<>();
            query.forEach((name, values) -> lastValues.put(name, values.get(values.size() - 1)));
            event.put("queryStringParameters", lastValues);
            event.put("multiValueQueryStringParameters", query);
        }
        event.put("requestContext", requestContext(connection, request, "$connect", EventType.CONNECT, null));
        event.put("isBase64Encoded", false);
        return event;
    }

    /** A message's event, for the route {@code routeKey}; binary messages come base64-encoded. */
    public static Map<String, Object> message(Connection connection, Request request, String routeKey, String messageId,
                                              String body, boolean base64Encoded) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestContext", requestContext(connection, request, routeKey, EventType.MESSAGE, messageId));
        event.put("body", body);
        event.put("isBase64Encoded", base64Encoded);
        return event;
    }

    /**
     * The {@code $disconnect} event, after the close: AWS's fixed headers ({@code Host}, and {@code x-api-key},
     * {@code X-Forwarded-For}, {@code x-restapi} empty), the close's status code and reason.
     */
    public static Map<String, Object> disconnect(Connection connection, Request request, int statusCode, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", connection.domainName());
        headers.put("x-api-key", "");
        headers.put("X-Forwarded-For", "");
        headers.put("x-restapi", "");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        event.put("headers", headers);
        event.put("multiValueHeaders", multi);
        Map<String, Object> context = requestContext(connection, request, "$disconnect", EventType.DISCONNECT, null);
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason);
        event.put("requestContext", context);
        event.put("isBase64Encoded", false);
        return event;
    }

    private static Map<String, Object> requestContext(Connection connection, Request request, String routeKey,
                                                      EventType type, @Nullable String messageId) {
        // sized for its 15 entries and $disconnect's 2 more: never resized
        Map<String, Object> context = new LinkedHashMap<>(32);
        context.put("routeKey", routeKey);
        if (messageId != null) {
            context.put("messageId", messageId);
        }
        context.put("eventType", type.name());
        context.put("extendedRequestId", request.requestId());
        context.put("requestTime", requestTime(request.time()));
        context.put("messageDirection", "IN");
        context.put("stage", connection.stage());
        context.put("connectedAt", connection.connectedAt());
        context.put("requestTimeEpoch", request.time().toEpochMilli());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", connection.sourceIp());
        if (connection.userAgent() != null) {
            identity.put("userAgent", connection.userAgent());
        }
        context.put("identity", identity);
        context.put("requestId", request.requestId());
        context.put("domainName", connection.domainName());
        context.put("connectionId", connection.connectionId());
        context.put("apiId", connection.apiId());
        if (connection.authorizer() != null) {
            context.put("authorizer", connection.authorizer());
        }
        return context;
    }

    /** {@code time} in the common log format, to the second. */
    static String requestTime(Instant time) {
        FormattedSecond last = lastSecond;
        long second = time.getEpochSecond();
        if (last.epochSecond() != second) {
            last = new FormattedSecond(second, REQUEST_TIME.format(Instant.ofEpochSecond(second)));
            lastSecond = last;
        }
        return last.text();
    }
}
