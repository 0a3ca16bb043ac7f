package io.tollgate.core.pipeline;

/** Raised inside the request body stream when it grows past the route's limit. */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException() {
        super("request body too large", null, false, false);
    }
}
