package io.tollgate.core.auth;

/**
 * Thrown (or signalled) by a custom authorizer to refuse with 401 Unauthorized, as an AWS Lambda authorizer that
 * fails with the error {@code "Unauthorized"}. Any other failure answers 500.
 */
public class UnauthorizedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException() {
        super("Unauthorized", null, false, false);
    }
}
