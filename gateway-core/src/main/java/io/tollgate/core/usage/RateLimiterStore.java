package io.tollgate.core.usage;

import io.tollgate.core.api.usage.Throttle;
import reactor.core.publisher.Mono;

/**
 * Where token buckets live: in this process ({@link LocalRateLimiterStore}) or shared by several instances (Redis).
 * Implementations must not block; a failure (the store unreachable) is signalled as an error, and the caller applies
 * the configured fail policy.
 */
public interface RateLimiterStore {

    /**
     * Takes one token from the bucket named {@code key}, which has the limits {@code limits} (created full when it does
     * not exist yet; limits for a key never change while it lives).
     */
    Mono<ThrottleResult> tryConsume(String key, Throttle limits);
}
