package io.tollgate.core.auth;

/**
 * A custom authorizer that may block (a database, a remote call): the gateway runs it on its bounded pool of
 * worker threads, never on an event loop.
 */
@FunctionalInterface
public interface BlockingGatewayAuthorizer {

    AuthorizerResult authorize(AuthorizerEvent event) throws Exception;
}
