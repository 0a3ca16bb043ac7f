package io.tollgate.core.cache;

import io.tollgate.core.api.cache.StageCache;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Where one API stage keeps its cached responses (AWS's stage cache cluster). The default is in this instance
 * ({@link CaffeineResponseCacheStore}); a shared store (Redis) implements the same contract. Keys are opaque strings
 * the cache stage builds (API, stage, method, resource path, key parameters, caller); a store must never answer an
 * entry past its TTL.
 */
public interface ResponseCacheStore {

    /** The entry under {@code key}, or empty. */
    Mono<CachedResponse> get(String key);

    /** Stores (or replaces) an entry for {@code ttl}. */
    Mono<Void> put(String key, CachedResponse response, Duration ttl);

    /** Removes one entry. */
    Mono<Void> invalidate(String key);

    /** Removes every entry of the stage. */
    Mono<Void> flush();

    /** Figures for the actuator. */
    Stats stats();

    /**
     * A store's figures.
     *
     * @param entries   entries held (approximate)
     * @param bytes     their weight in bytes (approximate; -1 when unknown)
     * @param capacity  the capacity in bytes
     * @param evictions entries evicted for lack of room (expiry not counted)
     */
    record Stats(long entries, long bytes, long capacity, long evictions) {
    }

    /** Creates the store of one API stage. */
    @FunctionalInterface
    interface Factory {

        ResponseCacheStore create(String api, String stage, StageCache settings);
    }
}
