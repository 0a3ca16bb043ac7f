package io.tollgate.core.api.cache;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * A stage's cache as a user writes it (raw values, checked when the API is built); see {@link StageCache}. Null values
 * take AWS's defaults: 0.5 GB, 300 s, invalidation by authorized callers only, {@code SUCCEED_WITH_RESPONSE_HEADER}.
 */
public record StageCacheSpec(@Nullable Boolean enabled, @Nullable Long capacityBytes, @Nullable Duration ttl,
                             @Nullable Boolean requireAuthorizationForCacheControl,
                             @Nullable String unauthorizedCacheControlHeaderStrategy,
                             @Nullable List<String> invalidatorPrincipals, @Nullable List<String> invalidatorScopes) {

    /** A cache on, of {@code capacityBytes}, with {@code ttl}. */
    public static StageCacheSpec of(long capacityBytes, Duration ttl) {
        return new StageCacheSpec(true, capacityBytes, ttl, null, null, List.of(), List.of());
    }
}
