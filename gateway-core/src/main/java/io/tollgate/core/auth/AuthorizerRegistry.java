package io.tollgate.core.auth;

import java.util.Map;
import java.util.Optional;

/** The custom authorizers an application offers, by name (the {@code implementation} an authorizer names). */
@FunctionalInterface
public interface AuthorizerRegistry {

    Optional<GatewayAuthorizer> find(String name);

    /** A registry of fixed authorizers. */
    static AuthorizerRegistry of(Map<String, GatewayAuthorizer> authorizers) {
        Map<String, GatewayAuthorizer> copy = Map.copyOf(authorizers);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
