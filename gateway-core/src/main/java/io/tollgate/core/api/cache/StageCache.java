package io.tollgate.core.api.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A stage's response cache, as AWS's stage cache cluster and method settings: on for the stage's {@code GET} routes
 * unless a route says otherwise ({@link RouteCache}).
 *
 * @param capacityBytes     how many bytes of responses the stage may hold (AWS's sizes are 0.5 GB to 237 GB; any
 *                          positive size here); entries are evicted by weight, not by count
 * @param ttl               how long a response stays (AWS: default 300 s, at most 3600 s; 0 caches nothing)
 * @param requireAuthorizationForCacheControl whether {@code Cache-Control: max-age=0} needs a caller allowed to
 *                          invalidate (AWS's {@code execute-api:InvalidateCache}); when false anyone may
 * @param unauthorizedStrategy what a {@code max-age=0} from any other caller does
 * @param invalidatorPrincipals callers allowed to invalidate, by principal id or IAM user ARN
 * @param invalidatorScopes JWT scopes that allow invalidating ({@code tollgate:InvalidateCache}), any one of them
 */
public record StageCache(long capacityBytes, Duration ttl, boolean requireAuthorizationForCacheControl,
                         UnauthorizedCacheControlHeaderStrategy unauthorizedStrategy, Set<String> invalidatorPrincipals,
                         Set<String> invalidatorScopes) {

    /** AWS's default TTL: 300 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** The largest TTL AWS allows: 3600 s. */
    public static final Duration MAX_TTL = Duration.ofSeconds(3600);
    /** AWS's smallest cache cluster: 0.5 GB. */
    public static final long DEFAULT_CAPACITY = 512L * 1024 * 1024;
    /** The largest response AWS caches: 1,048,576 bytes. */
    public static final int MAX_ENTRY_BYTES = 1024 * 1024;

    public StageCache {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(unauthorizedStrategy, "unauthorizedStrategy");
        invalidatorPrincipals = Set.copyOf(invalidatorPrincipals);
        invalidatorScopes = Set.copyOf(invalidatorScopes);
    }

    /** A cache of {@code capacityBytes} with AWS's defaults otherwise. */
    public static StageCache of(long capacityBytes, Duration ttl) {
        return new StageCache(capacityBytes, ttl, true, UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER,
                Set.of(), Set.of());
    }
}
