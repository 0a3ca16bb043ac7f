package io.tollgate.core.usage;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups remembered for a while, found or not; this instance's own changes apply at once. */
class CachingApiKeyRepositoryTest {

    private static final String VALUE = "cached-key-0123456789abcd";

    private final AtomicInteger lookups = new AtomicInteger();
    private final InMemoryApiKeyRepository store = new InMemoryApiKeyRepository(List.of(
            new ApiKey("k", "k", VALUE, true, Set.of("p"), Instant.EPOCH)));
    private final ApiKeyRepository counted = new ApiKeyRepository() {
        @Override
        public Mono<ApiKey> findByValue(String value) {
            lookups.incrementAndGet();
            return store.findByValue(value);
        }

        @Override
        public Mono<ApiKey> findById(String id) {
            return store.findById(id);
        }

        @Override
        public Flux<ApiKey> findAll() {
            return store.findAll();
        }

        @Override
        public Mono<ApiKey> save(ApiKey key) {
            return store.save(key);
        }

        @Override
        public Mono<Boolean> delete(String id) {
            return store.delete(id);
        }
    };
    private final AtomicLong nanos = new AtomicLong();
    private final CachingApiKeyRepository cached = new CachingApiKeyRepository(counted, Duration.ofSeconds(5), 100, nanos::get);

    @Test
    void foundAndNotFoundAreRemembered() {
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(cached.findByValue("made-up-0123456789abcdefg").block(Duration.ofSeconds(10))).isNull();
        assertThat(cached.findByValue("made-up-0123456789abcdefg").block(Duration.ofSeconds(10))).isNull();
        assertThat(lookups).hasValue(2);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(lookups).hasValue(3);
    }

    @Test
    void changesThroughThisInstanceApplyAtOnce() {
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10)).enabled()).isTrue();
        cached.save(new ApiKey("k", "k", VALUE, false, Set.of("p"), Instant.EPOCH)).block(Duration.ofSeconds(10));
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10)).enabled()).isFalse();
        assertThat(cached.delete("k").block(Duration.ofSeconds(10))).isTrue();
        assertThat(cached.findByValue(VALUE).block(Duration.ofSeconds(10))).isNull();
        assertThat(cached.delete("k").block(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aRememberedAnswerComesAsAValueAlreadyThereAndALookupOnlyWhenSubscribed() {
        Mono<ApiKey> first = cached.findByValue(VALUE);
        assertThat(lookups).hasValue(0);
        assertThat(first).isNotInstanceOf(Fuseable.ScalarCallable.class);
        assertThat(first.block(Duration.ofSeconds(10))).isNotNull();
        assertThat(cached.findByValue("made-up-0123456789abcdefg").block(Duration.ofSeconds(10))).isNull();
        // remembered: the usage stage takes these as they are, without a timer
        assertThat(cached.findByValue(VALUE)).isInstanceOf(Fuseable.ScalarCallable.class)
                .extracting(Mono::block).isNotNull();
        assertThat(cached.findByValue("made-up-0123456789abcdefg")).isInstanceOf(Fuseable.ScalarCallable.class)
                .extracting(Mono::block).isNull();
        assertThat(lookups).hasValue(2);
    }
}
