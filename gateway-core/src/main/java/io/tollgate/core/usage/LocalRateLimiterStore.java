package io.tollgate.core.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.tollgate.core.api.usage.Throttle;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Token buckets in this process (Bucket4j), bounded in number (Caffeine; an idle bucket is dropped after
 * {@link #IDLE}, by when it would have refilled anyway for any limit of at least one request per
 * {@code burst / 10 minutes}). Time comes from a {@link TimeMeter}, so tests move it instead of waiting.
 */
public final class LocalRateLimiterStore implements RateLimiterStore {

    /** How long an untouched bucket is kept. */
    static final Duration IDLE = Duration.ofMinutes(10);

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    /** Buckets on the system clock, at most {@code maxBuckets} of them. */
    public LocalRateLimiterStore(long maxBuckets) {
        this(TimeMeter.SYSTEM_NANOTIME, maxBuckets);
    }

    public LocalRateLimiterStore(TimeMeter time, long maxBuckets) {
        this.time = time;
        this.buckets = Caffeine.newBuilder().ticker(time::currentTimeNanos).expireAfterAccess(IDLE)
                .maximumSize(maxBuckets).build();
    }

    @Override
    public Mono<ThrottleResult> tryConsume(String key, Throttle limits) {
        return Mono.just(consume(key, limits));
    }

    /** The same as {@link #tryConsume}, synchronously (it never blocks). */
    public ThrottleResult consume(String key, Throttle limits) {
        Bucket bucket = buckets.get(key, k -> bucket(limits));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new ThrottleResult(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    /** Both at once when {@code quotas} is local too: an answer already there, which the usage stage takes as is. */
    @Override
    public Mono<Metered> tryConsumeAndCount(String key, Throttle limits, QuotaStore quotas, String counter,
                                            long periodStartMillis, long periodEndMillis) {
        if (!(quotas instanceof LocalQuotaStore local)) {
            return RateLimiterStore.super.tryConsumeAndCount(key, limits, quotas, counter, periodStartMillis,
                    periodEndMillis);
        }
        ThrottleResult taken = consume(key, limits);
        return Mono.just(new Metered(taken, taken.allowed() ? local.count(counter, periodStartMillis, periodEndMillis) : 0));
    }

    private Bucket bucket(Throttle limits) {
        long[] refill = refill(limits.rateLimit());
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.burstLimit()).refillGreedy(refill[0], Duration.ofNanos(refill[1])))
                .withCustomTimePrecision(time)
                .build();
    }

    /**
     * A rate in requests per second as Bucket4j's "tokens per period": whole rates per second, fractional ones (0.5)
     * per 1,000 seconds, exactly to a thousandth. Public (answering {@code {tokens, periodNanos}}) so that the shared
     * Redis buckets ({@code io.tollgate.core.usage.redis.RedisRateLimiterStore}) refill exactly as these do.
     */
    public static long[] refill(double rate) {
        if (rate == Math.rint(rate)) {
            return new long[] {(long) rate, Duration.ofSeconds(1).toNanos()};
        }
        return new long[] {Math.max(1, Math.round(rate * 1000)), Duration.ofSeconds(1000).toNanos()};
    }
}
