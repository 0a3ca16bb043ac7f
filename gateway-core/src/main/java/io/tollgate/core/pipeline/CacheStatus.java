package io.tollgate.core.pipeline;

/**
 * What the stage cache did for a request, recorded on the {@link GatewayExchange} by the cache stage and read by the
 * method-response stages (metrics, access logs, the hit/miss header).
 */
public enum CacheStatus {
    /** The route is not cached, or the request is not cacheable (another method, caching off). */
    NONE,
    /** Answered from the cache; the integration was not called. */
    HIT,
    /** Not in the cache: the integration answered (and its reply was stored if cacheable). */
    MISS,
    /** A caller allowed to invalidate sent {@code Cache-Control: max-age=0}: the entry was refreshed. */
    REFRESH
}
