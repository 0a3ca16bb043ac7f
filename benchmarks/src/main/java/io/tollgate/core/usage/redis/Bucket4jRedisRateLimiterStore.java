package io.tollgate.core.usage.redis;

import io.tollgate.core.redis.RedisConnector;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The Redis token buckets Tollgate had before one-script checks, kept here only so that the benchmarks compare both in
 * one run ({@code RedisBucketsBenchmark}): Bucket4j's compare-and-swap on Lettuce. Token buckets in Redis, shared by every gateway instance that uses the same Redis and prefix (Bucket4j's Lettuce
 * integration, asynchronously: nothing blocks). A check reads the bucket's state ({@code GET}) and writes it back
 * with a compare-and-swap Lua script: two round trips, and again both when another instance changed the bucket in
 * between (Bucket4j retries until its swap wins, so no token is ever given twice). Concurrent checks of one bucket
 * in this instance are batched into one swap (Bucket4j's batching optimisation, on a proxy kept per bucket), so a hot
 * key does not turn into a storm of failed swaps.
 * <p>
 * The buckets behave as {@link LocalRateLimiterStore}'s: capacity = burst, greedy refill at the rate (fractional
 * rates mapped by {@link LocalRateLimiterStore#refill}), created full. Their state expires in Redis
 * {@link #KEEP_AFTER_REFILL} after it would have refilled completely, when a new full bucket is the same thing.
 * <p>
 * A bucket's Redis key is {@code prefix + "bucket:" + rate + ":" + burst + ":" + key}: changing a key's limits (a new
 * configuration) starts a new bucket instead of keeping the old limits until the old one expires.
 * <p>
 * Time is the gateway's clock (Bucket4j's client-side clock, by default {@link TimeMeter#SYSTEM_MILLISECONDS}), not
 * Redis's: instances should have synchronised clocks (NTP). A clock given to the constructor must be wall-clock based
 * and the same on every instance; {@link TimeMeter#SYSTEM_NANOTIME} is not (each JVM has its own origin).
 * <p>
 * Failures (Redis unreachable, no answer within the timeout) are errors of the returned Mono.
 */
public final class Bucket4jRedisRateLimiterStore implements RateLimiterStore {

    /** How long a bucket's state stays in Redis after it would have refilled to its capacity. */
    public static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(1);

    /** The most bucket proxies kept (each holds the batching state of one Redis bucket). */
    static final long MAX_PROXIES = 100_000;

    private final AsyncProxyManager<Object> buckets;
    private final Cache<String, AsyncBucketProxy> proxies = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(MAX_PROXIES).build();
    private final String prefix;
    private final Duration timeout;

    /**
     * Buckets on the system clock.
     *
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one check may take before it fails with a {@link java.util.concurrent.TimeoutException}
     */
    public Bucket4jRedisRateLimiterStore(RedisConnector connector, String prefix, Duration commandTimeout) {
        this(connector, prefix, commandTimeout, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** Buckets on {@code clock} (tests move it instead of waiting); see the class comment about clocks. */
    public Bucket4jRedisRateLimiterStore(RedisConnector connector, String prefix, Duration commandTimeout, TimeMeter clock) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.timeout = requirePositive(commandTimeout);
        this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new ConnectorRedisApi(connector))
                .clientClock(Objects.requireNonNull(clock, "clock"))
                .requestTimeout(commandTimeout)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
                .build()
                .asAsync();
    }

    @Override
    public Mono<ThrottleResult> tryConsume(String key, Throttle limits) {
        String redisKey = redisKey(key, limits);
        Mono<ConsumptionProbe> probe = Mono.fromFuture(() -> proxies.get(redisKey, k -> buckets.builder()
                        // concurrent checks of one bucket share a compare-and-swap instead of fighting over it
                        .withOptimization(Optimizations.batching())
                        .build(k, () -> CompletableFuture.completedFuture(configuration(limits))))
                .tryConsumeAndReturnRemaining(1));
        return probe.timeout(timeout)
                .onErrorMap(TimeoutException.class, this::describe)
                .map(p -> new ThrottleResult(p.isConsumed(), p.getRemainingTokens(),
                        p.isConsumed() ? 0 : p.getNanosToWaitForRefill()));
    }

    /** The Redis key of the bucket {@code key} with {@code limits}. */
    public String redisKey(String key, Throttle limits) {
        return prefix + "bucket:" + BigDecimal.valueOf(limits.rateLimit()).stripTrailingZeros().toPlainString() + ":"
                + limits.burstLimit() + ":" + key;
    }

    /** Bucket4j's own request timeout (the same duration) may come first, without a message: the same error. */
    private TimeoutException describe(TimeoutException error) {
        return error.getMessage() != null ? error
                : new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms");
    }

    private static BucketConfiguration configuration(Throttle limits) {
        long[] refill = LocalRateLimiterStore.refill(limits.rateLimit());
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(limits.burstLimit())
                        .refillGreedy(refill[0], Duration.ofNanos(refill[1])))
                .build();
    }

    static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive, not " + timeout);
        }
        return timeout;
    }
}
