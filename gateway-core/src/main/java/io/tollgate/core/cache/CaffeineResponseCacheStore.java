package io.tollgate.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * A stage cache in this instance: bounded by weight (body plus headers, in bytes), each entry expiring after its own
 * TTL on the given {@link Ticker}. Maintenance (eviction) runs on the calling thread, so nothing lingers.
 */
public final class CaffeineResponseCacheStore implements ResponseCacheStore {

    /** An entry with the TTL it was stored for. */
    private record Stored(CachedResponse response, long ttlNanos) {
    }

    private final Cache<String, Stored> cache;
    private final long capacity;

    public CaffeineResponseCacheStore(long capacityBytes, Ticker ticker) {
        this.capacity = capacityBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(capacityBytes)
                .weigher((String key, Stored stored) -> (int) Math.min(Integer.MAX_VALUE,
                        (long) stored.response().weight() + 2L * key.length()))
                .expireAfter(new Expiry<String, Stored>() {
                    @Override
                    public long expireAfterCreate(String key, Stored value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Stored value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Stored value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** The factory of the default stores: one per API stage, of the stage's capacity. */
    public static Factory factory(Ticker ticker) {
        return (api, stage, settings) -> new CaffeineResponseCacheStore(settings.capacityBytes(), ticker);
    }

    @Override
    public Mono<CachedResponse> get(String key) {
        Stored stored = cache.getIfPresent(key);
        return stored == null ? Mono.empty() : Mono.just(stored.response());
    }

    /** The entry under {@code key}, or null, without a {@code Mono}. */
    public @Nullable CachedResponse getNow(String key) {
        Stored stored = cache.getIfPresent(key);
        return stored == null ? null : stored.response();
    }

    @Override
    public Mono<Void> put(String key, CachedResponse response, Duration ttl) {
        return Mono.fromRunnable(() -> putNow(key, response, ttl));
    }

    /** Stores an entry at once. */
    public void putNow(String key, CachedResponse response, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative() || response.weight() > capacity) {
            return;
        }
        cache.put(key, new Stored(response, ttl.toNanos()));
    }

    @Override
    public Mono<Void> invalidate(String key) {
        return Mono.fromRunnable(() -> cache.invalidate(key));
    }

    @Override
    public Mono<Void> flush() {
        return Mono.fromRunnable(cache::invalidateAll);
    }

    @Override
    public Stats stats() {
        long bytes = cache.policy().eviction().map(e -> e.weightedSize().orElse(-1L)).orElse(-1L);
        return new Stats(cache.estimatedSize(), bytes, capacity, cache.stats().evictionCount());
    }

    /** Runs pending maintenance (expiry, eviction) now; for tests and figures. */
    public void cleanUp() {
        cache.cleanUp();
    }
}
