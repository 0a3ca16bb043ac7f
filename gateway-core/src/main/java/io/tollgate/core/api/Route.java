package io.tollgate.core.api;

import java.util.Objects;

/**
 * A route: a route key, the integration that serves it, the largest request body it accepts (bytes), how it
 * authorizes callers, whether callers need an API key of a usage plan ({@code apiKeyRequired}), and its cache settings.
 */
public record Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                    boolean apiKeyRequired, RouteCache cache) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(authorization, "authorization");
        cache = cache == null ? RouteCache.DEFAULT : cache;
    }

    /** A route with the default cache settings. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, null);
    }

    /** A route open to anyone. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize) {
        this(key, integration, maxRequestBodySize, RouteAuthorization.NONE, false);
    }
}
