package io.tollgate.core.api.cache;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A route's cache settings, over its stage's ({@link StageCache}).
 *
 * @param enabled          whether the route is cached when its stage has a cache (null: only {@code GET} routes)
 * @param ttl              the route's TTL instead of the stage's (null: the stage's; 0: not cached)
 * @param keyParameters    the request values that vary the key besides method and resource path (undeclared ones do
 *                         not, as AWS)
 * @param methods          the methods cached (default {@code GET}): a route may opt in to others
 * @param publicResponses  whether responses of a route with an authorizer or API key may be shared between callers
 *                         (otherwise the caller's identity is part of the key)
 */
public record RouteCache(@Nullable Boolean enabled, @Nullable Duration ttl, List<CacheKeyParameter> keyParameters,
                         Set<String> methods, boolean publicResponses) {

    /** The defaults: GET only, the stage's TTL, no key parameters, responses per caller. */
    public static final RouteCache DEFAULT = new RouteCache(null, null, List.of(), Set.of("GET"), false);

    public RouteCache {
        keyParameters = List.copyOf(keyParameters);
        methods = Set.copyOf(methods);
    }
}
