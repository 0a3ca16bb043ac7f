package io.tollgate.core.api.auth;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * How one route authorizes its callers.
 *
 * @param type       the kind of authorization
 * @param authorizer the name of the API's authorizer for {@link AuthorizationType#JWT} and
 *                   {@link AuthorizationType#CUSTOM}, otherwise null
 * @param scopes     the scopes a JWT must carry ({@code authorizationScopes}: any one of them suffices, as AWS)
 */
public record RouteAuthorization(AuthorizationType type, @Nullable String authorizer, List<String> scopes) {

    /** No authorization. */
    public static final RouteAuthorization NONE = new RouteAuthorization(AuthorizationType.NONE, null, List.of());

    public RouteAuthorization {
        Objects.requireNonNull(type, "type");
        scopes = List.copyOf(scopes);
    }
}
