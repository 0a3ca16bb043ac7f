package io.tollgate.core.api;

import java.util.Objects;

/**
 * A route: a route key, the integration that serves it, and the largest request body it accepts (bytes).
 */
public record Route(RouteKey key, Integration integration, long maxRequestBodySize) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
    }
}
