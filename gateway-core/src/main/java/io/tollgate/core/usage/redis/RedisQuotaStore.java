package io.tollgate.core.usage.redis;

import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.usage.QuotaStore;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Quota counters in Redis, shared by every gateway instance that uses the same Redis and prefix: one integer per key
 * and period under {@code prefix + "quota:" + periodStartMillis + ":" + key}.
 * <p>
 * {@link #increment} is one round trip: a Lua script that increments the counter and makes it expire at the period's
 * end plus {@link #GRACE} (so that reports can still read a period that has just ended), atomically. {@link #get} is
 * one {@code GET}. Counts are exact however many instances count at once. Failures (Redis unreachable, no answer
 * within the timeout) are errors of the returned Mono.
 */
public final class RedisQuotaStore implements QuotaStore {

    /** How long a counter outlives its period. */
    public static final Duration GRACE = Duration.ofHours(1);

    private static final LuaScript INCREMENT = new LuaScript("""
            local count = redis.call('INCR', KEYS[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[1])
            return count
            """, ScriptOutputType.INTEGER);

    private final RedisConnector connector;
    private final String prefix;
    private final Duration timeout;

    /**
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one operation may take before it fails with a
     *                       {@link java.util.concurrent.TimeoutException}
     */
    public RedisQuotaStore(RedisConnector connector, String prefix, Duration commandTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.timeout = RedisRateLimiterStore.requirePositive(commandTimeout);
    }

    @Override
    public Mono<Long> increment(String key, long periodStartMillis, long periodEndMillis) {
        return INCREMENT.run(connector, timeout, new String[] {redisKey(key, periodStartMillis)},
                LuaScript.arg(periodEndMillis + GRACE.toMillis()));
    }

    @Override
    public Mono<Long> get(String key, long periodStartMillis) {
        String redisKey = redisKey(key, periodStartMillis);
        return connector.mono(timeout, redis -> redis.get(redisKey))
                .map(count -> Long.parseLong(new String(count, StandardCharsets.US_ASCII)))
                .defaultIfEmpty(0L);
    }

    /** The Redis key of the counter of {@code key} in the period that started at {@code periodStartMillis}. */
    public String redisKey(String key, long periodStartMillis) {
        return prefix + "quota:" + periodStartMillis + ":" + key;
    }
}
