package io.tollgate.core.api;

import java.util.Objects;

/**
 * A route: a route key, the integration that serves it, the largest request body it accepts (bytes), how it
 * authorizes callers, whether callers need an API key of a usage plan ({@code apiKeyRequired}), and how requests are
 * validated ({@code validation}, {@link RequestValidation#NONE} when not at all).
 */
public record Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                    boolean apiKeyRequired, RequestValidation validation) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(authorization, "authorization");
        validation = validation == null ? RequestValidation.NONE : validation;
    }

    /** A route without request validation. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize, RouteAuthorization authorization,
                 boolean apiKeyRequired) {
        this(key, integration, maxRequestBodySize, authorization, apiKeyRequired, RequestValidation.NONE);
    }

    /** A route open to anyone. */
    public Route(RouteKey key, Integration integration, long maxRequestBodySize) {
        this(key, integration, maxRequestBodySize, RouteAuthorization.NONE, false);
    }
}
