package io.tollgate.core.auth.sigv4;

import io.tollgate.core.api.GatewayResponseType;
import java.util.Objects;

/**
 * A refused request: the gateway response type to answer with, AWS's message, and the status and
 * {@code x-amzn-ErrorType} Amazon API Gateway sends with it.
 *
 * <p>Every SigV4 refusal of API Gateway is a 403. Two of AWS's refusals have no gateway response type of their own
 * ({@code IncompleteSignatureException} and {@code UnrecognizedClientException}): they are {@link
 * GatewayResponseType#DEFAULT_4XX}, the type API Gateway documents for "an unspecified response type with the status code
 * of 4XX", whose enum default status (400) is then NOT the status: answer with {@link #status()} and {@link #errorType()},
 * never with {@code type().defaultStatus()}/{@code type().errorType()}. See {@link SigV4Verifier} for the whole mapping.
 *
 * <p>No stack trace is captured: a refusal is an answer, not a fault.
 */
public final class SigV4Exception extends RuntimeException {

    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    static final String INVALID_SIGNATURE = "InvalidSignatureException";
    static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

    private final GatewayResponseType type;
    private final int status;
    private final String errorType;
    private final String message;

    private SigV4Exception(GatewayResponseType type, int status, String errorType, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.message = message;
        this.type = Objects.requireNonNull(type, "type");
        this.status = status;
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    /** No SigV4 on the request at all: {@code MISSING_AUTHENTICATION_TOKEN}. */
    static SigV4Exception missingAuthenticationToken() {
        return new SigV4Exception(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, 403, MISSING_AUTHENTICATION_TOKEN,
                SigV4Messages.MISSING_AUTHENTICATION_TOKEN);
    }

    /** SigV4 that cannot be read (a parameter missing or malformed): {@code DEFAULT_4XX}, 403. */
    static SigV4Exception incomplete(String message) {
        return new SigV4Exception(GatewayResponseType.DEFAULT_4XX, 403, INCOMPLETE_SIGNATURE, message);
    }

    /** SigV4 that was read and does not hold (time, scope, signature, payload): {@code INVALID_SIGNATURE}. */
    static SigV4Exception invalid(String message) {
        return new SigV4Exception(GatewayResponseType.INVALID_SIGNATURE, 403, INVALID_SIGNATURE, message);
    }

    /** An access key id the credentials provider does not know: {@code DEFAULT_4XX}, 403. */
    static SigV4Exception unrecognizedClient() {
        return new SigV4Exception(GatewayResponseType.DEFAULT_4XX, 403, UNRECOGNIZED_CLIENT,
                SigV4Messages.INVALID_SECURITY_TOKEN);
    }

    /** The gateway response type whose customisation applies to this refusal. */
    public GatewayResponseType type() {
        return type;
    }

    /** The status to answer with (403 for every refusal, whatever {@link #type()}'s default status). */
    public int status() {
        return status;
    }

    /** The {@code x-amzn-ErrorType} Amazon API Gateway sends with this refusal. */
    public String errorType() {
        return errorType;
    }

    /** AWS's message for this refusal; never null. */
    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public String toString() {
        return "SigV4Exception[" + type + ", " + status + ", " + errorType + "]: " + getMessage();
    }
}
