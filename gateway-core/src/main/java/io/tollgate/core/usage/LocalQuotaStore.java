package io.tollgate.core.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Quota counters in this process, one per key and period, each dropped once its period has ended. */
public final class LocalQuotaStore implements QuotaStore {

    private record Counter(AtomicLong count, long endMillis) {
    }

    private final Cache<String, Counter> counters;

    public LocalQuotaStore(Clock clock, Ticker ticker, long maxCounters) {
        this.counters = Caffeine.newBuilder().ticker(ticker).maximumSize(maxCounters)
                .expireAfter(Expiry.<String, Counter>creating((key, counter) -> Duration.ofMillis(
                        Math.max(0, counter.endMillis() - clock.millis()))))
                .build();
    }

    @Override
    public Mono<Long> increment(String key, long periodStartMillis, long periodEndMillis) {
        return Mono.just(count(key, periodStartMillis, periodEndMillis));
    }

    /** {@link #increment}, synchronously (it never blocks). */
    long count(String key, long periodStartMillis, long periodEndMillis) {
        Counter counter = counters.get(key + '@' + periodStartMillis, k -> new Counter(new AtomicLong(), periodEndMillis));
        return counter.count().incrementAndGet();
    }

    @Override
    public Mono<Long> get(String key, long periodStartMillis) {
        Counter counter = counters.getIfPresent(key + '@' + periodStartMillis);
        return Mono.just(counter == null ? 0L : counter.count().get());
    }
}
