package io.tollgate.core.usage.redis;

import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import reactor.core.publisher.MonoSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * {@link #increment} is one round trip: a Lua script that adds to the counter and makes it expire at the period's
 * end plus {@link #GRACE} (so that reports can still read a period that has just ended), atomically. Increments of one
 * counter that arrive while one is on its way are sent together as one {@code INCRBY n} when it returns, and each
 * gets its own count (the total minus those after it), exactly as if they had gone one by one: a busy key costs one
 * command per round trip, not one per request. {@link #get} is one {@code GET}. Counts are exact however many
 * instances count at once. Failures (Redis unreachable, no answer within the timeout) are errors of the returned
 * Mono, for every increment of the batch.
 */
public final class RedisQuotaStore implements QuotaStore {

    /** How long a counter outlives its period. */
    public static final Duration GRACE = Duration.ofHours(1);

    private static final LuaScript INCREMENT = new LuaScript("""
            local count = redis.call('INCRBY', KEYS[1], ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[1])
            return count
            """, ScriptOutputType.INTEGER);

    private final RedisConnector connector;
    private final String prefix;
    private final Duration timeout;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one operation may take before it fails with a
     *                       {@link java.util.concurrent.TimeoutException}
     */
    public RedisQuotaStore(RedisConnector connector, String prefix, Duration commandTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        this.timeout = RedisRateLimiterStore.requirePositive(commandTimeout);
    }

    @Override
    public Mono<Long> increment(String key, long periodStartMillis, long periodEndMillis) {
        String redisKey = redisKey(key, periodStartMillis);
        long expireAt = expiry(periodEndMillis);
        // the outcome comes as a value (a count or an error): one that arrives after the caller gave up is discarded,
        // where an error signalled to a cancelled sink would be dropped into Reactor's default handler
        return Mono.<Object>create(sink -> counters.computeIfAbsent(redisKey, k -> new Counter(k, expireAt)).add(sink))
                .flatMap(outcome -> outcome instanceof Long count ? Mono.just(count) : Mono.error((Throwable) outcome));
    }

    /** The increments of one counter: one command on its way at most; those arriving meanwhile go next, together. */
    private final class Counter {

        private final String redisKey;
        private final long expireAt;
        private List<MonoSink<Object>> waiting = new ArrayList<>();
        private boolean sending;

        Counter(String redisKey, long expireAt) {
            this.redisKey = redisKey;
            this.expireAt = expireAt;
        }

        void add(MonoSink<Object> sink) {
            boolean send;
            synchronized (this) {
                waiting.add(sink);
                send = !sending;
                sending = true;
            }
            if (send) {
                send();
            }
        }

        private void send() {
            List<MonoSink<Object>> batch;
            synchronized (this) {
                batch = waiting;
                if (batch.isEmpty()) {
                    sending = false;
                    // idle: forget it (a caller still holding it just sends on its own)
                    counters.remove(redisKey, this);
                    return;
                }
                waiting = new ArrayList<>();
            }
            INCREMENT.<Long>run(connector, timeout, new String[] {redisKey}, LuaScript.arg(expireAt),
                            LuaScript.arg(batch.size()))
                    .subscribe(total -> {
                        long first = total - batch.size() + 1;
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).success(first + i);
                        }
                        send();
                    }, error -> {
                        batch.forEach(sink -> sink.success(error));
                        send();
                    });
        }
    }

    @Override
    public Mono<Long> get(String key, long periodStartMillis) {
        String redisKey = redisKey(key, periodStartMillis);
        return connector.mono(timeout, redis -> redis.get(redisKey))
                .map(count -> Long.parseLong(new String(count, StandardCharsets.US_ASCII)))
                .defaultIfEmpty(0L);
    }

    RedisConnector connector() {
        return connector;
    }

    /** When the counter of a period that ends at {@code periodEndMillis} expires (epoch milliseconds). */
    static long expiry(long periodEndMillis) {
        return periodEndMillis + GRACE.toMillis();
    }

    /** The Redis key of the counter of {@code key} in the period that started at {@code periodStartMillis}. */
    public String redisKey(String key, long periodStartMillis) {
        return prefix + "quota:" + periodStartMillis + ":" + key;
    }
}
