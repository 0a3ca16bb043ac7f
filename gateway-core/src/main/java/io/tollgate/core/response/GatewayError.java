package io.tollgate.core.response;

import io.tollgate.core.api.GatewayResponseType;

import java.util.Objects;

/**
 * An error the gateway answers itself: its {@link GatewayResponseType}, the status to send (the type's default
 * unless a situation calls for another, such as 502 for a backend that refused the connection) and the message for
 * {@code $context.error.message}. Rendered in one place, {@link GatewayResponseRenderer}.
 */
public record GatewayError(GatewayResponseType type, int status, String message) {

    public GatewayError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** The type with its default status and message. */
    public static GatewayError of(GatewayResponseType type) {
        return new GatewayError(type, type.defaultStatus(), type.defaultMessage());
    }

    /** The type with its default status and another message. */
    public static GatewayError of(GatewayResponseType type, String message) {
        return new GatewayError(type, type.defaultStatus(), message);
    }
}
