package io.tollgate.core.api.cache;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * A route's cache settings as a user writes them (raw values, checked when the API is built); see {@link RouteCache}.
 */
public record RouteCacheSpec(@Nullable Boolean enabled, @Nullable Duration ttl, @Nullable List<String> keyParameters,
                             @Nullable List<String> methods, @Nullable Boolean publicResponses) {
}
