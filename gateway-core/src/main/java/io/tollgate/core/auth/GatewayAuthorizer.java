package io.tollgate.core.auth;

import reactor.core.publisher.Mono;

/**
 * A custom authorizer (AWS's Lambda authorizer): decides from the request's identity sources whether a caller may
 * invoke the route. It must not block; implement {@link BlockingGatewayAuthorizer} for code that does. Fail with
 * {@link UnauthorizedException} for 401; any other failure, or a timeout, answers 500 (AUTHORIZER_FAILURE).
 */
@FunctionalInterface
public interface GatewayAuthorizer {

    Mono<AuthorizerResult> authorize(AuthorizerEvent event);
}
