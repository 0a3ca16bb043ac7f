package io.tollgate.core.usage.redis;

import io.github.bucket4j.TimeMeter;
import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.Metered;
import io.tollgate.core.usage.QuotaStore;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Token buckets in Redis, shared by every gateway instance that uses the same Redis and prefix. A check is one round
 * trip at most: one Lua script, called by its digest, decides inside Redis how many tokens it takes, and each check
 * learns whether its token was taken, the whole tokens left, how long until the next one and how long until the
 * bucket is full again (the {@code RateLimit-*} headers' figures). Nothing is read and written back from the gateway,
 * so instances contending for one hot key never retry: Redis runs the scripts one after the other. Checks of one
 * bucket that arrive while its script is on its way go together in the next one (see {@link Batch}).
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
     * KEYS: the bucket, then (optional) a quota counter, counted by the tokens taken. ARGV: microseconds between two
     * tokens, burst, now in microseconds ('' for Redis's clock), microseconds the bucket is kept after it is full, the
     * counter's expiry (epoch milliseconds, the same for its whole period: set once, by the check that creates the
     * counter), the tokens wanted (the checks of one batch). Takes as many as there are whole tokens, at most those
     * wanted, and answers {tokens taken, how far ahead of now the bucket's time was before (microseconds, as text:
     * Redis would cut a number's fraction), the counter's count after (0 when not counted)}.
     * The time is kept as a 17-digit number (a double written exactly); a missing or past time is now (a full bucket).
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
            local ahead = tat - now
            local free = math.floor((window - ahead) / interval + 0.000001)
            local taken = math.max(0, math.min(tonumber(ARGV[6]), free))
            local count = 0
            if taken > 0 then
              local after = ahead + taken * interval
              redis.call('SET', KEYS[1], string.format('%.17g', now + after), 'PX',
                math.max(1, math.ceil((after + tonumber(ARGV[4])) / 1000)))
              if #KEYS > 1 then
                count = redis.call('INCRBY', KEYS[2], taken)
                if count == taken then
                  redis.call('PEXPIREAT', KEYS[2], ARGV[5])
                end
              end
            end
            return {taken, string.format('%.3f', ahead), count}
            """, ScriptOutputType.MULTI);

    /**
     * How many scripts of one bucket may be on their way at once from this instance; the checks that come while all
     * are out go together in the next. One: on a busy machine the gateway and Redis run out of CPU long before the
     * connection is busy, and a script costs about the same whatever its batch, so the fewer and larger the batches
     * the more requests a core serves. Measured side by side on the API-key route under load (two cores): with four
     * in flight a batch averaged 3.6 checks and Redis spent 11.3 µs of CPU per request, the gateway 96.6 µs; with one,
     * 8.0 µs and 91.9 µs, and 3 % more requests per second (a check waits at most one round trip more).
     */
    static final int MAX_IN_FLIGHT = 1;

    private static final byte[] REDIS_CLOCK = new byte[0];
    private static final byte[] KEEP = LuaScript.arg(KEEP_AFTER_REFILL.toNanos() / 1000);

    private final RedisConnector connector;
    private final String prefix;
    private final Duration timeout;
    private final @Nullable TimeMeter clock;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    /** The beginning of the Redis keys of each throttle's buckets (bounded: limits come from configurations). */
    private final Map<Throttle, String> keyStarts = new ConcurrentHashMap<>();
    private static final int MAX_KEY_STARTS = 1_024;

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
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        this.timeout = requirePositive(commandTimeout);
        this.clock = clock;
    }

    @Override
    public Mono<ThrottleResult> tryConsume(String key, Throttle limits) {
        return check(redisKey(key, limits), null, limits, 0).map(Metered::throttle);
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
        return check(redisKey(key, limits), redisQuotas.redisKey(counter, periodStartMillis), limits,
                RedisQuotaStore.expiry(periodEndMillis));
    }

    /**
     * One check, in the batch of its bucket (and counter): the outcome comes as a value (a result or an error), so one
     * that arrives after the caller gave up is discarded, where an error signalled to a cancelled sink would be
     * dropped into Reactor's default handler.
     */
    private Mono<Metered> check(String bucketKey, @Nullable String counterKey, Throttle limits, long counterExpiry) {
        String batchKey = counterKey == null ? bucketKey : bucketKey + '\n' + counterKey;
        return Mono.<Object>create(sink -> batches.computeIfAbsent(batchKey,
                        k -> new Batch(k, counterKey == null ? new String[] {bucketKey} : new String[] {bucketKey, counterKey},
                                limits, counterExpiry)).add(sink))
                .flatMap(outcome -> outcome instanceof Metered metered ? Mono.just(metered)
                        : Mono.error((Throwable) outcome));
    }

    /**
     * The checks of one bucket (and counter) in this instance: {@link #MAX_IN_FLIGHT} scripts on their way at most;
     * those arriving meanwhile go next, together, as one script that takes as many tokens as there are checks. Each
     * check gets exactly what it would have got alone, in the order they came: a hot key costs one round trip per
     * batch, not per request, and instances contending for it queue in Redis, never in a retry loop.
     */
    private final class Batch {

        private final String batchKey;
        private final String[] keys;
        private final Throttle limits;
        private final double interval;
        private final byte[] intervalArg;
        private final byte[] burstArg;
        private final byte[] expiryArg;
        private List<Waiter> waiting = new ArrayList<>();
        /** Scripts of this batch on their way, at most {@link #MAX_IN_FLIGHT}. */
        private int inFlight;

        Batch(String batchKey, String[] keys, Throttle limits, long counterExpiry) {
            this.batchKey = batchKey;
            this.keys = keys;
            this.limits = limits;
            String micros = interval(limits);
            this.interval = Double.parseDouble(micros);
            this.intervalArg = LuaScript.arg(micros);
            this.burstArg = LuaScript.arg(limits.burstLimit());
            this.expiryArg = LuaScript.arg(counterExpiry);
        }

        void add(MonoSink<Object> sink) {
            boolean send;
            Waiter waiter = new Waiter(sink, System.nanoTime() + timeout.toNanos());
            synchronized (this) {
                waiting.add(waiter);
                send = inFlight < MAX_IN_FLIGHT;
                if (send) {
                    inFlight++;
                }
            }
            if (send) {
                send();
            }
        }

        /** A script of this batch ended (or was never sent): the next one, with the checks waiting, if any. */
        private void ended() {
            boolean send;
            synchronized (this) {
                send = !waiting.isEmpty();
                if (!send) {
                    inFlight--;
                    if (inFlight == 0) {
                        // idle: forget it (a caller still holding it just sends on its own)
                        batches.remove(batchKey, this);
                    }
                }
            }
            if (send) {
                send();
            }
        }

        /**
         * Sends the checks waiting (this batch holds one of its places in flight). Each check ends by its own
         * deadline, the store timeout after it came: one that has waited that long is refused with a timeout at once,
         * and the script is bounded by the earliest deadline of those it carries.
         */
        private void send() {
            List<Waiter> taken;
            synchronized (this) {
                taken = waiting;
                waiting = new ArrayList<>();
            }
            List<MonoSink<Object>> batch = new ArrayList<>(taken.size());
            long deadline = Long.MAX_VALUE;
            long now = System.nanoTime();
            for (Waiter waiter : taken) {
                if (waiter.deadlineNanos() - now <= 0) {
                    waiter.sink().success(RedisConnector.timeoutError(timeout));
                } else {
                    batch.add(waiter.sink());
                    deadline = Math.min(deadline, waiter.deadlineNanos());
                }
            }
            if (batch.isEmpty()) {
                ended();
                return;
            }
            Duration bound = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
            byte[] time = clock == null ? REDIS_CLOCK : LuaScript.arg(clock.currentTimeNanos() / 1_000);
            CHECK.<List<Object>>run(connector, bound, keys, intervalArg, burstArg, time, KEEP, expiryArg,
                            LuaScript.arg(batch.size()))
                    .subscribe(answer -> {
                        answer(batch, answer);
                        ended();
                    }, error -> {
                        // the store's timeout, whatever the bound of this script was
                        Throwable failure = error instanceof TimeoutException ? RedisConnector.timeoutError(timeout) : error;
                        batch.forEach(sink -> sink.success(failure));
                        ended();
                    });
        }

        /** Each check of {@code batch}, in order, gets what it would have got alone. */
        private void answer(List<MonoSink<Object>> batch, List<Object> answer) {
            long taken = (Long) answer.get(0);
            double ahead = Double.parseDouble(new String((byte[]) answer.get(1), StandardCharsets.US_ASCII));
            long count = (Long) answer.get(2);
            double window = limits.burstLimit() * interval;
            for (int i = 0; i < batch.size(); i++) {
                ThrottleResult result;
                long counted = 0;
                if (i < taken) {
                    double after = ahead + (i + 1) * interval;
                    result = new ThrottleResult(true, Math.max(0, (long) Math.floor((window - after) / interval + 1e-6)),
                            0, micros(after));
                    counted = keys.length > 1 ? count - taken + i + 1 : 0;
                } else {
                    double after = ahead + taken * interval;
                    result = new ThrottleResult(false, 0, micros(after + interval - window), micros(after));
                }
                batch.get(i).success(new Metered(result, counted));
            }
        }
    }

    /** A check waiting for its batch, and when it must have ended (System.nanoTime). */
    private record Waiter(MonoSink<Object> sink, long deadlineNanos) {
    }

    /** {@code micros} microseconds in nanoseconds, rounded up to a whole microsecond as the script did. */
    private static long micros(double micros) {
        return (long) Math.ceil(micros - 1e-6) * 1_000;
    }

    /**
     * Microseconds between two tokens, as the script's argument: exact for whole rates, and for fractional ones
     * to the thousandth of a request per second the local buckets keep ({@link LocalRateLimiterStore#refill}).
     */
    private static String interval(Throttle limits) {
        long[] refill = LocalRateLimiterStore.refill(limits.rateLimit());
        BigDecimal micros = BigDecimal.valueOf(refill[1] / 1_000).divide(BigDecimal.valueOf(refill[0]),
                MathContext.DECIMAL64);
        return micros.toPlainString();
    }

    /** The Redis key of the bucket {@code key} with {@code limits}. */
    public String redisKey(String key, Throttle limits) {
        String start = keyStarts.get(limits);
        if (start == null) {
            // a few limits per configuration: worked out once each, not on every request
            start = prefix + "bucket:" + BigDecimal.valueOf(limits.rateLimit()).stripTrailingZeros().toPlainString()
                    + ":" + limits.burstLimit() + ":";
            if (keyStarts.size() < MAX_KEY_STARTS) {
                keyStarts.put(limits, start);
            }
        }
        return start + key;
    }

    static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive, not " + timeout);
        }
        return timeout;
    }
}
