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

    /**
     * A usage plan's check of one key: takes one token from {@code key} and, when one was taken, counts the request
     * in {@code quotas} under {@code counter} for the period from {@code periodStartMillis} to
     * {@code periodEndMillis}. By default one after the other; a store that can do both at once does (Redis, in one
     * round trip, when {@code quotas} is its kind on the same connection).
     */
    default Mono<Metered> tryConsumeAndCount(String key, Throttle limits, QuotaStore quotas, String counter,
                                             long periodStartMillis, long periodEndMillis) {
        return tryConsume(key, limits).flatMap(taken -> taken.allowed()
                ? quotas.increment(counter, periodStartMillis, periodEndMillis).map(count -> new Metered(taken, count))
                : Mono.just(new Metered(taken, 0)));
    }
}
