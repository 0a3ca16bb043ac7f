package io.tollgate.core.pipeline;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

/**
 * The client's request body could not be received whole: it was malformed (a bad chunk), it stalled past the body
 * idle timeout, or the client went away. Signalled inside the body stream, so whoever reads the body (the proxy, a
 * validator, a template, a function) stops and nothing runs on a partial body. A client fault: answered with its
 * status (when the connection still takes an answer), logged at DEBUG, never with a stack trace.
 */
public final class RequestBodyException extends RuntimeException {

    private final int status;

    private RequestBodyException(int status, String message, @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    /** The body's framing was broken (400). */
    public static RequestBodyException malformed(@Nullable Throwable cause) {
        return new RequestBodyException(400, "the request body is malformed: "
                + (cause == null ? "" : cause.getMessage()), cause);
    }

    /** No body bytes came for the body idle timeout (408). */
    public static RequestBodyException timedOut() {
        return new RequestBodyException(408, "the request body stalled", null);
    }

    /** The client went away before the body ended (400, which nobody will read). */
    public static RequestBodyException aborted(Throwable cause) {
        return new RequestBodyException(400, "the client went away before the request body ended", cause);
    }

    public int status() {
        return status;
    }

    /** The gateway response: {@code DEFAULT_4XX} with this status. */
    public GatewayError error() {
        return new GatewayError(GatewayResponseType.DEFAULT_4XX, status, status == 408 ? "Request Timeout" : "Bad Request");
    }

    /** {@code error} or its cause as a request body failure, or null when it is none. */
    public static @Nullable RequestBodyException find(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RequestBodyException body) {
                return body;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return null;
    }
}
