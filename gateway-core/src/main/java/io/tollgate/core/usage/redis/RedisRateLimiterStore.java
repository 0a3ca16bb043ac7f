package io.tollgate.core.usage.redis;

import io.github.bucket4j.TimeMeter;
import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.Metered;
import io.tollgate.core.usage.QuotaStore;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Token buckets in Redis, shared by every gateway instance that uses the same Redis and prefix. A check is one round
 * trip: one Lua script, called by its digest, decides inside Redis and answers whether the token was taken, the whole
 * tokens left, how long until the next one and how long until the bucket is full again (the {@code RateLimit-*}
 * headers' figures). Nothing is read and written back from the gateway, so instances contending for one hot key
 * never retry: Redis runs the scripts one after the other.
 * <p>
 * The bucket is kept as one number, the generic cell rate algorithm's "theoretical arrival time" (when the bucket
 * would be full again, in microseconds): a request is admitted when it keeps that time within {@code burst} token
 * intervals of now, which is exactly a token bucket of capacity {@code burst} refilled continuously at the rate,
 * created full ({@link LocalRateLimiterStore}'s buckets, so a route behaves the same on either store). Its key expires
 * {@link #KEEP_AFTER_REFILL} after the bucket would be full, when a new full bucket is the same thing.
 * <p>
 * With a quota ({@link #tryConsumeAndCount}, when the quota store is a {@link RedisQuotaStore} on the same connector),
 * the same script also counts the request against the quota when it took a token: a usage plan's whole check in one
 * round trip. The bucket's and the counter's keys must then be in one hash slot of a Redis Cluster: the usage stage
 * names both with the API key's id as the hash tag ({@code {id}}).
 * <p>
 * A bucket's Redis key is {@code prefix + "bucket:" + rate + ":" + burst + ":" + key}: changing a key's limits (a new
 * configuration) starts a new bucket instead of keeping the old limits until the old one expires.
 * <p>
 * Time is Redis's clock ({@code TIME}, read by the script), so the instances' clocks do not matter; a cluster's
 * buckets each use the clock of the node that holds them. Tests pass a {@link TimeMeter} instead, sent with each
 * check. Failures (Redis unreachable, no answer within the timeout) are errors of the returned Mono.
 */
public final class RedisRateLimiterStore implements RateLimiterStore {

    /** How long a bucket's state stays in Redis after it would have refilled to its capacity. */
    public static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(1);

    /**
     * KEYS: the bucket, then (optional) a quota counter counted when a token was taken. ARGV: microseconds between two
     * tokens, burst, now in microseconds ('' for Redis's clock), microseconds the bucket is kept after it is full, the
     * counter's expiry (epoch milliseconds). Answers {taken (1 or 0), whole tokens left, microseconds to the next
     * token (when refused), microseconds until full, the counter's count (0 when not counted)}. The time is kept as
     * a 17-digit number (a double written exactly); a missing or past time is now (a full bucket).
     */
    private static final LuaScript CHECK = new LuaScript("""
            local interval = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local now
            if ARGV[3] == '' then
              local time = redis.call('TIME')
              now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            else
              now = tonumber(ARGV[3])
            end
            local tat = tonumber(redis.call('GET', KEYS[1]))
            if tat == nil or tat < now then
              tat = now
            end
            local window = burst * interval
            local ahead = tat + interval - now
            if ahead - window > 0.001 then
              return {0, 0, math.ceil(ahead - window), math.ceil(tat - now), 0}
            end
            redis.call('SET', KEYS[1], string.format('%.17g', tat + interval), 'PX',
              math.max(1, math.ceil((ahead + tonumber(ARGV[4])) / 1000)))
            local count = 0
            if #KEYS > 1 then
              count = redis.call('INCR', KEYS[2])
              redis.call('PEXPIREAT', KEYS[2], ARGV[5])
            end
            return {1, math.floor((window - ahead) / interval + 0.000001), 0, math.ceil(ahead), count}
            """, ScriptOutputType.MULTI);

    private static final byte[] REDIS_CLOCK = new byte[0];
    private static final byte[] KEEP = LuaScript.arg(KEEP_AFTER_REFILL.toNanos() / 1000);
    private static final byte[] NO_EXPIRY = LuaScript.arg(0);

    private final RedisConnector connector;
    private final String prefix;
    private final Duration timeout;
    private final @Nullable TimeMeter clock;

    /**
     * Buckets on Redis's clock.
     *
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one check may take before it fails with a {@link java.util.concurrent.TimeoutException}
     */
    public RedisRateLimiterStore(RedisConnector connector, String prefix, Duration commandTimeout) {
        this(connector, prefix, commandTimeout, null);
    }

    /** Buckets on {@code clock} (tests move it instead of waiting), or on Redis's clock when it is null. */
    public RedisRateLimiterStore(RedisConnector connector, String prefix, Duration commandTimeout,
                                 @Nullable TimeMeter clock) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.prefix = RedisQuotaStore.requireValidPrefix(prefix);
        this.timeout = requirePositive(commandTimeout);
        this.clock = clock;
    }

    @Override
    public Mono<ThrottleResult> tryConsume(String key, Throttle limits) {
        return check(new String[] {redisKey(key, limits)}, limits, NO_EXPIRY).map(Metered::throttle);
    }

    /**
     * Takes a token and counts the quota in one round trip when {@code quotas} is a {@link RedisQuotaStore} on this
     * store's connector (the two keys must share a hash slot on a Redis Cluster); otherwise one after the other.
     */
    @Override
    public Mono<Metered> tryConsumeAndCount(String key, Throttle limits, QuotaStore quotas, String counter,
                                            long periodStartMillis, long periodEndMillis) {
        if (!(quotas instanceof RedisQuotaStore redisQuotas) || redisQuotas.connector() != connector) {
            return RateLimiterStore.super.tryConsumeAndCount(key, limits, quotas, counter, periodStartMillis,
                    periodEndMillis);
        }
        String[] keys = {redisKey(key, limits), redisQuotas.redisKey(counter, periodStartMillis)};
        return check(keys, limits, LuaScript.arg(RedisQuotaStore.expiry(periodEndMillis)));
    }

    private Mono<Metered> check(String[] keys, Throttle limits, byte[] counterExpiry) {
        byte[] now = clock == null ? REDIS_CLOCK : LuaScript.arg(clock.currentTimeNanos() / 1_000);
        return CHECK.<List<Long>>run(connector, timeout, keys, interval(limits), LuaScript.arg(limits.burstLimit()),
                        now, KEEP, counterExpiry)
                .map(answer -> new Metered(new ThrottleResult(answer.get(0) == 1, answer.get(1),
                        answer.get(2) * 1_000, answer.get(3) * 1_000), answer.get(4)));
    }

    /**
     * Microseconds between two tokens, as the script's argument: exact for whole rates, and for fractional ones
     * to the thousandth of a request per second the local buckets keep ({@link LocalRateLimiterStore#refill}).
     */
    private static byte[] interval(Throttle limits) {
        long[] refill = LocalRateLimiterStore.refill(limits.rateLimit());
        BigDecimal micros = BigDecimal.valueOf(refill[1] / 1_000).divide(BigDecimal.valueOf(refill[0]),
                MathContext.DECIMAL64);
        return LuaScript.arg(micros.toPlainString());
    }

    /** The Redis key of the bucket {@code key} with {@code limits}. */
    public String redisKey(String key, Throttle limits) {
        return prefix + "bucket:" + BigDecimal.valueOf(limits.rateLimit()).stripTrailingZeros().toPlainString() + ":"
                + limits.burstLimit() + ":" + key;
    }

    static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive, not " + timeout);
        }
        return timeout;
    }
}
