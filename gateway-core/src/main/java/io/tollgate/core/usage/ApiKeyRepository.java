package io.tollgate.core.usage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where API keys are kept: configuration and keys created at runtime in this process
 * ({@link InMemoryApiKeyRepository}), Redis (shared by instances), or an application's own store. Must not block.
 */
public interface ApiKeyRepository {

    /** The key with this value, or empty. */
    Mono<ApiKey> findByValue(String value);

    /** The key with this id, or empty. */
    Mono<ApiKey> findById(String id);

    Flux<ApiKey> findAll();

    /** Stores a new key or replaces the one with the same id (a value may belong to one key only). */
    Mono<ApiKey> save(ApiKey key);

    /** Deletes the key with this id; true when there was one. */
    Mono<Boolean> delete(String id);
}
