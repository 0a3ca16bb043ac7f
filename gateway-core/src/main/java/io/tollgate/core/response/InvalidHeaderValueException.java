package io.tollgate.core.response;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.HeaderSyntax;

/**
 * A mapping produced a value that cannot be sent as a header: CR, LF or another control character (which would split
 * or end the header block), or a character beyond ISO-8859-1 (which HTTP/1.1 cannot carry). Values are never
 * "cleaned": a mapping that copies a query value into a header would otherwise let a client inject headers. The
 * request is answered with a gateway response instead: {@code BAD_REQUEST_PARAMETERS} (400) when the value was made
 * for the request to the backend or for a gateway response (it came from the client's request),
 * {@code API_CONFIGURATION_ERROR} (500) when it was made for the method response. Logged as one line, rate-limited,
 * without a stack trace.
 */
public final class InvalidHeaderValueException extends RuntimeException {

    private static final GatewayError REQUEST_SIDE = GatewayError.of(GatewayResponseType.BAD_REQUEST_PARAMETERS);
    private static final GatewayError RESPONSE_SIDE = GatewayError.of(GatewayResponseType.API_CONFIGURATION_ERROR);

    private final String header;
    private final GatewayError error;

    private InvalidHeaderValueException(String header, GatewayError error) {
        super("a mapping produced a value for header '" + header + "' that is not a valid header value", null,
                false, false);
        this.header = header;
        this.error = error;
    }

    /** Whether {@code error} is the answer to an invalid header value (so that it is not logged twice). */
    public static boolean isAnswer(GatewayError error) {
        return error == REQUEST_SIDE || error == RESPONSE_SIDE;
    }

    /** The header the value was for. */
    public String header() {
        return header;
    }

    /** The gateway response to answer with. */
    public GatewayError error() {
        return error;
    }

    /** {@code value}, when it is a valid value for a request header, or else the failure (400). */
    public static String checkRequestHeader(CharSequence header, String value) {
        return check(header, value, REQUEST_SIDE);
    }

    /** {@code value}, when it is a valid value for a response header, or else the failure (500). */
    public static String checkResponseHeader(CharSequence header, String value) {
        return check(header, value, RESPONSE_SIDE);
    }

    private static String check(CharSequence header, String value, GatewayError error) {
        if (!HeaderSyntax.isValidValue(value)) {
            throw new InvalidHeaderValueException(header.toString(), error);
        }
        return value;
    }
}
