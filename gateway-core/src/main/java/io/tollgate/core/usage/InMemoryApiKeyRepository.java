package io.tollgate.core.usage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** API keys in this process: the configured ones, and those created at runtime (lost on restart). */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> byValue = new ConcurrentHashMap<>();

    public InMemoryApiKeyRepository(List<ApiKey> keys) {
        keys.forEach(this::put);
    }

    private synchronized ApiKey put(ApiKey key) {
        ApiKey owner = byValue.get(key.value());
        if (owner != null && !owner.id().equals(key.id())) {
            throw new IllegalArgumentException("another key (" + owner.id() + ") has this value");
        }
        ApiKey previous = byId.put(key.id(), key);
        if (previous != null) {
            byValue.remove(previous.value());
        }
        byValue.put(key.value(), key);
        return key;
    }

    @Override
    public Mono<ApiKey> findByValue(String value) {
        return Mono.justOrEmpty(byValue.get(value));
    }

    @Override
    public Mono<ApiKey> findById(String id) {
        return Mono.justOrEmpty(byId.get(id));
    }

    @Override
    public Flux<ApiKey> findAll() {
        return Flux.fromIterable(List.copyOf(byId.values()));
    }

    @Override
    public Mono<ApiKey> save(ApiKey key) {
        return Mono.fromCallable(() -> put(key));
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                ApiKey removed = byId.remove(id);
                if (removed != null) {
                    byValue.remove(removed.value());
                }
                return removed != null;
            }
        });
    }
}
