package io.tollgate.core.cache;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The default store: bounded by bytes, not entries; each entry expires after its own TTL on the ticker. */
class CaffeineResponseCacheStoreTest {

    private final AtomicLong nanos = new AtomicLong(1);

    private static CachedResponse body(int bytes) {
        return new CachedResponse(200, new DefaultHttpHeaders().set("content-type", "text/plain"), new byte[bytes]);
    }

    @Test
    void theWeightBoundEvictsByBytes() {
        CaffeineResponseCacheStore store = new CaffeineResponseCacheStore(100_000, nanos::get);
        for (int i = 0; i < 10; i++) {
            store.putNow("k" + i, body(20_000), Duration.ofSeconds(60));
        }
        store.cleanUp();
        ResponseCacheStore.Stats stats = store.stats();
        assertThat(stats.bytes()).isLessThanOrEqualTo(100_000).isGreaterThan(60_000);
        assertThat(stats.entries()).isBetween(3L, 4L);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(6);
        assertThat(stats.capacity()).isEqualTo(100_000);
        // many small entries fit where few large ones did: the bound is weight, not count
        store.flush().block(Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            store.putNow("s" + i, body(100), Duration.ofSeconds(60));
        }
        store.cleanUp();
        assertThat(store.stats().entries()).isEqualTo(50);
    }

    @Test
    void anEntryLargerThanTheWholeCacheIsNotStored() {
        CaffeineResponseCacheStore store = new CaffeineResponseCacheStore(1_000, nanos::get);
        store.putNow("big", body(2_000), Duration.ofSeconds(60));
        assertThat(store.getNow("big")).isNull();
    }

    @Test
    void eachEntryExpiresAfterItsOwnTtl() {
        CaffeineResponseCacheStore store = new CaffeineResponseCacheStore(1_000_000, nanos::get);
        store.put("short", body(10), Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        store.put("long", body(10), Duration.ofSeconds(50)).block(Duration.ofSeconds(10));
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(store.get("short").block(Duration.ofSeconds(10))).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(store.get("short").block(Duration.ofSeconds(10))).isNull();
        assertThat(store.get("long").block(Duration.ofSeconds(10))).isNotNull();
        // replacing an entry restarts its TTL; reading does not extend it
        store.put("long", body(10), Duration.ofSeconds(50)).block(Duration.ofSeconds(10));
        nanos.addAndGet(Duration.ofSeconds(49).toNanos());
        assertThat(store.get("long").block(Duration.ofSeconds(10))).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(store.get("long").block(Duration.ofSeconds(10))).isNull();
        store.putNow("none", body(10), Duration.ZERO);
        assertThat(store.getNow("none")).isNull();
    }

    @Test
    void invalidateRemovesOneEntry() {
        CaffeineResponseCacheStore store = new CaffeineResponseCacheStore(1_000_000, nanos::get);
        store.putNow("a", body(10), Duration.ofSeconds(5));
        store.putNow("b", body(10), Duration.ofSeconds(5));
        store.invalidate("a").block(Duration.ofSeconds(10));
        assertThat(store.getNow("a")).isNull();
        assertThat(store.getNow("b")).isNotNull();
    }
}
