package io.tollgate.core.integration;

/** Raised inside the request body stream when it grows past the route's limit. */
final class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException() {
        super("request body too large", null, false, false);
    }
}
