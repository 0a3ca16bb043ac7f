package io.tollgate.core.pipeline;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * What an event of a WebSocket API's connection carries besides its request: which connection, which event, and what
 * the connection's upgrade request told (its host, user agent and client address, which later events have no headers
 * to tell). An exchange that has one ({@link GatewayExchange#webSocket()}) is a WebSocket event: a function gets AWS's
 * WebSocket event for it, and {@code $context.connectionId}, {@code eventType}, {@code messageId} and the like have
 * their values.
 *
 * @param connectionId         the connection's id (AWS's form: 16 characters ending with {@code =})
 * @param connectedAt          when the connection was made (epoch milliseconds)
 * @param eventType            which event this is
 * @param messageId            the message's id; null for CONNECT and DISCONNECT
 * @param domainName           the host the client connected to (its {@code Host}, without the port)
 * @param userAgent            the upgrade request's {@code User-Agent}, or null when it had none
 * @param disconnectStatusCode the close's status (DISCONNECT only; else 0)
 * @param disconnectReason     the close's reason (DISCONNECT only; else empty)
 */
public record WebSocketContext(String connectionId, long connectedAt, EventType eventType, @Nullable String messageId,
                               String domainName, @Nullable String userAgent, int disconnectStatusCode,
                               String disconnectReason) {

    /** An event's kind, AWS's {@code requestContext.eventType} and {@code $context.eventType}. */
    public enum EventType {
        CONNECT, MESSAGE, DISCONNECT
    }

    public WebSocketContext {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(disconnectReason, "disconnectReason");
    }

    /** The same connection's event of kind {@code type} ({@code messageId} for a MESSAGE). */
    public WebSocketContext event(EventType type, @Nullable String message) {
        return new WebSocketContext(connectionId, connectedAt, type, message, domainName, userAgent, 0, "");
    }

    /** The same connection's DISCONNECT event, for a close with {@code statusCode} and {@code reason}. */
    public WebSocketContext disconnect(int statusCode, String reason) {
        return new WebSocketContext(connectionId, connectedAt, EventType.DISCONNECT, null, domainName, userAgent,
                statusCode, reason);
    }
}
