package io.tollgate.core.usage;

import io.github.bucket4j.TimeMeter;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Token-bucket math on a fake clock, and calendar-aligned quota periods across time zones. */
class LocalBucketsAndPeriodsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final LocalRateLimiterStore store = new LocalRateLimiterStore(time, 1000);

    @Test
    void aBurstThenTheRate() {
        Throttle limits = new Throttle(10, 20);
        for (int i = 0; i < 20; i++) {
            ThrottleResult result = store.consume("k", limits);
            assertThat(result.allowed()).isTrue();
            assertThat(result.remaining()).isEqualTo(19 - i);
        }
        ThrottleResult refused = store.consume("k", limits);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.nanosToWait()).isEqualTo(Duration.ofMillis(100).toNanos());
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(store.consume("k", limits).allowed()).isTrue();
        assertThat(store.consume("k", limits).allowed()).isFalse();
        // one second refills ten, never above the burst
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        int admitted = 0;
        while (store.consume("k", limits).allowed()) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(10);
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        admitted = 0;
        while (store.consume("k", limits).allowed()) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(20);
        // buckets are per key
        assertThat(store.consume("other", limits).remaining()).isEqualTo(19);
    }

    @Test
    void fractionalRates() {
        Throttle limits = new Throttle(0.5, 1);
        assertThat(store.consume("slow", limits).allowed()).isTrue();
        assertThat(store.consume("slow", limits).allowed()).isFalse();
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(store.consume("slow", limits).allowed()).isFalse();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(store.consume("slow", limits).allowed()).isTrue();
        assertThat(LocalRateLimiterStore.refill(2.5)).containsExactly(2500, Duration.ofSeconds(1000).toNanos());
        assertThat(LocalRateLimiterStore.refill(100)).containsExactly(100, Duration.ofSeconds(1).toNanos());
    }

    @Test
    void concurrentClientsGetTheBucketExactly() throws InterruptedException {
        Throttle limits = new Throttle(1000, 500);
        AtomicLong admitted = new AtomicLong();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (store.consume("hot", limits).allowed()) {
                        admitted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // the clock does not move: exactly the burst, however many threads race for it
        assertThat(admitted).hasValue(500);
    }

    @Test
    void periodsAreCalendarAligned() {
        ZoneId utc = ZoneOffset.UTC;
        Instant t = Instant.parse("2026-11-22T13:45:00Z");   // a Sunday
        assertThat(QuotaPeriods.of(t, QuotaPeriod.DAY, utc)).isEqualTo(period("2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z"));
        assertThat(QuotaPeriods.of(t, QuotaPeriod.WEEK, utc)).isEqualTo(period("2026-11-22T00:00:00Z", "2026-11-29T00:00:00Z"));
        assertThat(QuotaPeriods.of(Instant.parse("2026-11-21T23:59:59Z"), QuotaPeriod.WEEK, utc))
                .isEqualTo(period("2026-11-15T00:00:00Z", "2026-11-22T00:00:00Z"));
        assertThat(QuotaPeriods.of(t, QuotaPeriod.MONTH, utc)).isEqualTo(period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
        assertThat(QuotaPeriods.of(Instant.parse("2028-02-29T12:00:00Z"), QuotaPeriod.MONTH, utc))
                .isEqualTo(period("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
        // the same instant is already Monday in Tokyo
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertThat(QuotaPeriods.of(Instant.parse("2026-11-22T15:30:00Z"), QuotaPeriod.DAY, tokyo))
                .isEqualTo(period("2026-11-22T15:00:00Z", "2026-11-23T15:00:00Z"));
        // a daylight-saving day in New York has 25 hours
        QuotaPeriods.Period fallBack = QuotaPeriods.of(Instant.parse("2026-11-01T12:00:00Z"), QuotaPeriod.DAY,
                ZoneId.of("America/New_York"));
        assertThat(fallBack.end() - fallBack.start()).isEqualTo(Duration.ofHours(25).toMillis());
        assertThat(fallBack.contains(Instant.ofEpochMilli(fallBack.end()))).isFalse();
        assertThat(fallBack.contains(Instant.ofEpochMilli(fallBack.start()))).isTrue();
    }

    private static QuotaPeriods.Period period(String start, String end) {
        return new QuotaPeriods.Period(Instant.parse(start).toEpochMilli(), Instant.parse(end).toEpochMilli());
    }
}
