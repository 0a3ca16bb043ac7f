package io.tollgate.core.usage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;

/**
 * Remembers lookups by value for a short time in front of a shared repository (Redis), found and not found alike,
 * so neither a busy key nor a flood of made-up keys costs a round trip per request. Changes made through this
 * instance apply at once; changes made on another instance within {@code ttl}. Failures are not remembered.
 */
public final class CachingApiKeyRepository implements ApiKeyRepository {

    private final ApiKeyRepository delegate;
    private final AsyncCache<String, Optional<ApiKey>> byValue;

    public CachingApiKeyRepository(ApiKeyRepository delegate, Duration ttl, long maxEntries, Ticker ticker) {
        this.delegate = delegate;
        this.byValue = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(maxEntries).buildAsync();
    }

    @Override
    public Mono<ApiKey> findByValue(String value) {
        return Mono.fromFuture(byValue.get(value, (v, executor) -> delegate.findByValue(v).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture()), true)
                .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<ApiKey> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public Flux<ApiKey> findAll() {
        return delegate.findAll();
    }

    @Override
    public Mono<ApiKey> save(ApiKey key) {
        return delegate.findById(key.id())
                .doOnNext(previous -> byValue.synchronous().invalidate(previous.value()))
                .then(delegate.save(key))
                .doOnNext(saved -> byValue.synchronous().invalidate(saved.value()));
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return delegate.findById(id)
                .flatMap(previous -> delegate.delete(id).doOnNext(deleted -> byValue.synchronous().invalidate(previous.value())))
                .defaultIfEmpty(false);
    }
}
