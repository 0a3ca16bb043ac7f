package io.tollgate.core.usage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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

    /**
     * The key with {@code value}: one already remembered comes as {@code Mono.just} (or {@code Mono.empty}), an answer
     * already there, which the usage stage takes as it is (no timer, no hand-over); otherwise it is looked up when the
     * Mono is subscribed, once for all the callers that want it meanwhile.
     */
    @Override
    public Mono<ApiKey> findByValue(String value) {
        CompletableFuture<Optional<ApiKey>> remembered = byValue.getIfPresent(value);
        if (remembered != null && remembered.isDone() && !remembered.isCompletedExceptionally()) {
            return Mono.justOrEmpty(remembered.join());
        }
        return Mono.fromFuture(() -> byValue.get(value, (v, executor) -> delegate.findByValue(v).map(Optional::of)
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
