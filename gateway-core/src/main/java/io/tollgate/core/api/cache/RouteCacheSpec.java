package io.tollgate.core.api.cache;

import java.time.Duration;
import java.util.List;

/**
 * A route's cache settings as a user writes them (raw values, checked when the API is built); see {@link RouteCache}.
 */
public record RouteCacheSpec(Boolean enabled, Duration ttl, List<String> keyParameters, List<String> methods,
                             Boolean publicResponses) {
}
