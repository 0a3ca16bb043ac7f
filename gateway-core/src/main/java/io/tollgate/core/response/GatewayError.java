package io.tollgate.core.response;

import io.tollgate.core.api.GatewayResponseType;

import java.util.Objects;

/**
 * An error the gateway answers itself: its {@link GatewayResponseType}, the status to send (the type's default
 * unless a situation calls for another, such as 502 for a backend that refused the connection) and the message for
 * {@code $context.error.message}, and the {@code x-amzn-ErrorType} REST APIs send (the type's, unless AWS sends
 * another for the situation, such as {@code UnrecognizedClientException}). Rendered in one place, {@link GatewayResponseRenderer}.
 */
public record GatewayError(GatewayResponseType type, int status, String message, String errorType) {

    public GatewayError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        errorType = errorType == null ? type.errorType() : errorType;
    }

    /** An error with its type's {@code x-amzn-ErrorType}. */
    public GatewayError(GatewayResponseType type, int status, String message) {
        this(type, status, message, null);
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
