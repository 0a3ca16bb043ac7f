package io.tollgate.core.response;

import io.tollgate.core.api.GatewayResponseType;

import java.util.Objects;

/**
 * An error the gateway answers itself: its {@link GatewayResponseType}, the status to send (the type's default
 * unless a situation calls for another, such as 502 for a backend that refused the connection) and the message for
 * {@code $context.error.message}, and the {@code x-amzn-ErrorType} REST APIs send (the type's, unless AWS sends
 * another for the situation, such as {@code UnrecognizedClientException}). Rendered in one place, {@link GatewayResponseRenderer}.
 * {@code validationErrorString} is what a request validator found ({@code $context.error.validationErrorString}),
 * empty for other errors.
 */
public record GatewayError(GatewayResponseType type, int status, String message, String errorType,
                           String validationErrorString) {

    public GatewayError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        errorType = errorType == null ? type.errorType() : errorType;
        validationErrorString = validationErrorString == null ? "" : validationErrorString;
    }

    /** An error with its {@code x-amzn-ErrorType}, and no validation detail. */
    public GatewayError(GatewayResponseType type, int status, String message, String errorType) {
        this(type, status, message, errorType, "");
    }

    /** An error with its type's {@code x-amzn-ErrorType}. */
    public GatewayError(GatewayResponseType type, int status, String message) {
        this(type, status, message, type.errorType(), "");
    }

    /** The type with its default status and message. */
    public static GatewayError of(GatewayResponseType type) {
        return new GatewayError(type, type.defaultStatus(), type.defaultMessage());
    }

    /** A request validator's rejection: the type's default status, {@code message}, and what it found. */
    public static GatewayError validation(GatewayResponseType type, String message, String validationErrorString) {
        return new GatewayError(type, type.defaultStatus(), message, type.errorType(), validationErrorString);
    }

    /** The type with its default status and another message. */
    public static GatewayError of(GatewayResponseType type, String message) {
        return new GatewayError(type, type.defaultStatus(), message);
    }
}
