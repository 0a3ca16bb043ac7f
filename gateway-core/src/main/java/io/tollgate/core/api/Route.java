package io.tollgate.core.api;

import java.util.Objects;

/**
 * A route: a route key, the integration that serves it, the largest request body it accepts (bytes) and how it
 * authorizes callers.
 */
public record Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(authorization, "authorization");
    }

    /** A route open to anyone. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize) {
        this(key, integration, maxRequestBodySize, RouteAuthorization.NONE);
    }
}
