package io.tollgate.core.pipeline;

import io.tollgate.core.api.integration.Integration;

import java.util.Optional;

/** Creates the handler for a route's integration, when it knows the integration's type. */
@FunctionalInterface
public interface IntegrationFactory {

    /** The handler for {@code route}'s integration, or empty when this factory does not handle its type. */
    Optional<ExchangeHandler> create(RouteContext route, Integration integration);
}
