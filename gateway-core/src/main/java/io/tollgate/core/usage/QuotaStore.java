package io.tollgate.core.usage;

import reactor.core.publisher.Mono;

/**
 * Where quota counters live: one counter per key and period, forgotten after the period ends. Implementations must
 * not block; failures are signalled as errors.
 */
public interface QuotaStore {

    /**
     * Counts one request for {@code key} in the period that started at {@code periodStartMillis} (epoch millis) and
     * ends at {@code periodEndMillis}; answers the count including this request.
     */
    Mono<Long> increment(String key, long periodStartMillis, long periodEndMillis);

    /** The count of {@code key} in the period that started at {@code periodStartMillis} (0 when none). */
    Mono<Long> get(String key, long periodStartMillis);
}
