package io.tollgate.core.cache;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.cache.StageCache;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage caches of a gateway, one store per API stage that has a cache (its routes share it, as AWS's cache
 * cluster), created as routes are compiled. Flushes a whole stage (AWS's "flush stage cache").
 */
public final class StageCaches {

    private final ResponseCacheStore.Factory factory;
    private final Map<String, ResponseCacheStore> stores = new ConcurrentHashMap<>();

    public StageCaches(ResponseCacheStore.Factory factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    /** The store of an API stage, created on first use; the stage must have a cache. */
    public ResponseCacheStore store(Api api, Stage stage) {
        StageCache cache = Objects.requireNonNull(stage.cache(), "stage has no cache");
        return stores.computeIfAbsent(id(api.name(), stage.name()), k -> factory.create(api.name(), stage.name(), cache));
    }

    /** Removes every entry of an API stage's cache; emits false when that stage has no cache. */
    public Mono<Boolean> flush(String api, String stage) {
        ResponseCacheStore store = stores.get(id(api, stage));
        return store == null ? Mono.just(false) : store.flush().thenReturn(true);
    }

    /** The figures of every stage cache, by {@code api/stage}. */
    public Map<String, ResponseCacheStore.Stats> stats() {
        Map<String, ResponseCacheStore.Stats> stats = new LinkedHashMap<>();
        stores.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> stats.put(e.getKey(), e.getValue().stats()));
        return stats;
    }

    private static String id(String api, String stage) {
        return api + "/" + stage;
    }
}
