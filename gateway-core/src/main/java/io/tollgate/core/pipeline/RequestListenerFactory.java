package io.tollgate.core.pipeline;

import java.util.Optional;

/**
 * Creates a listener for one route of one API stage (and once per API stage with no route, for its unmatched
 * requests), or nothing when the route is not watched. Called once per route at startup.
 */
@FunctionalInterface
public interface RequestListenerFactory {

    Optional<RequestListener> create(RouteContext route);
}
