package io.tollgate.core.routing;

/** A request path that cannot be routed safely (answered with 400, never forwarded). */
public final class InvalidPathException extends RuntimeException {

    public InvalidPathException(String message) {
        super(message, null, false, false);
    }
}
