package io.tollgate.core.api;

import io.tollgate.core.api.auth.RouteAuthorization;
import io.tollgate.core.api.cache.RouteCache;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.validation.RequestValidation;

import java.util.List;
import java.util.Objects;

/**
 * A route: a route key, the integration that serves it, the largest request body it accepts (bytes), how it
 * authorizes callers, whether callers need an API key of a usage plan ({@code apiKeyRequired}), how requests are
 * validated ({@code validation}, {@link RequestValidation#NONE} when not at all), its cache settings, and the named
 * steps it takes ({@code steps}, in the order given; each placed by its own phase and order). A WebSocket API's route
 * is {@code twoWay} when it has a route response: its integration's answer is then sent to the client as a message.
 */
public record Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                    boolean apiKeyRequired, RequestValidation validation, RouteCache cache, List<StepUse> steps,
                    boolean twoWay) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(authorization, "authorization");
        validation = validation == null ? RequestValidation.NONE : validation;
        cache = cache == null ? RouteCache.DEFAULT : cache;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A route that is not a WebSocket API's two-way route. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired, RequestValidation validation, RouteCache cache, List<StepUse> steps) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, validation, cache, steps, false);
    }

    /** A route that takes no named step. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired, RequestValidation validation, RouteCache cache) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, validation, cache, List.of());
    }

    /** A route without request validation, with the default cache settings. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, RequestValidation.NONE,
                RouteCache.DEFAULT);
    }

    /** A route with request validation and the default cache settings. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired, RequestValidation validation) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, validation, RouteCache.DEFAULT);
    }

    /** A route without request validation, with cache settings. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired, RouteCache cache) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, RequestValidation.NONE, cache);
    }

    /** A route open to anyone. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize) {
        this(key, integration, maxRequestBodySize, RouteAuthorization.NONE, false);
    }
}
