package io.tollgate.core.api.auth;

/** An authorizer an API declares by name and its routes refer to. */
public sealed interface Authorizer permits JwtAuthorizer, CustomAuthorizer {

    /** The name routes refer to. */
    String name();
}
