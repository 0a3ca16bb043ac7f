package io.tollgate.core.usage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A shared repository (Redis) over the keys of the configuration: a key found in the shared one wins (so a
 * configured key disabled at runtime stays disabled on every instance); otherwise the configured key answers. Writes
 * go to the shared repository. A configured key deleted at runtime comes back from the configuration: change the
 * configuration to remove it.
 */
public final class LayeredApiKeyRepository implements ApiKeyRepository {

    private final ApiKeyRepository shared;
    private final Map<String, ApiKey> configuredByValue;
    private final Map<String, ApiKey> configuredById;

    public LayeredApiKeyRepository(ApiKeyRepository shared, List<ApiKey> configured) {
        this.shared = shared;
        this.configuredByValue = configured.stream().collect(Collectors.toUnmodifiableMap(ApiKey::value, Function.identity()));
        this.configuredById = configured.stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity()));
    }

    @Override
    public Mono<ApiKey> findByValue(String value) {
        return shared.findByValue(value).switchIfEmpty(Mono.justOrEmpty(configuredByValue.get(value)));
    }

    @Override
    public Mono<ApiKey> findById(String id) {
        return shared.findById(id).switchIfEmpty(Mono.justOrEmpty(configuredById.get(id)));
    }

    @Override
    public Flux<ApiKey> findAll() {
        return shared.findAll().collectMap(ApiKey::id).flatMapMany(stored -> {
            Map<String, ApiKey> all = new LinkedHashMap<>(configuredById);
            all.putAll(stored);
            return Flux.fromIterable(all.values());
        });
    }

    @Override
    public Mono<ApiKey> save(ApiKey key) {
        ApiKey configured = configuredByValue.get(key.value());
        if (configured != null && !configured.id().equals(key.id())) {
            return Mono.error(new IllegalArgumentException("another key (" + configured.id() + ") has this value"));
        }
        return shared.save(key);
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return shared.delete(id);
    }
}
