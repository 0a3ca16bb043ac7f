package io.tollgate.core.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.pipeline.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failures of the Redis stage cache stores of one factory (Redis unreachable, no answer within the timeout, an
 * error answer, an entry that cannot be read): counted, and logged at WARN at most once every {@link #LOG_EVERY} on
 * the ticker, a line saying how many more there were since the previous one. A cache that fails is a cache that
 * misses, so one line now and then is enough, however many requests meet it.
 */
final class StoreFailures {

    /** The least time between two WARN lines. */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RedisResponseCacheStore.class);

    private final Ticker ticker;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastLine;
    private final AtomicLong unlogged = new AtomicLong();

    StoreFailures(Ticker ticker) {
        this.ticker = ticker;
        this.lastLine = new AtomicLong(ticker.read() - LOG_EVERY.toNanos());
    }

    /** Counts a failure of {@code operation} on the stage cache {@code stage}, and logs it unless one was lately. */
    void record(String operation, String stage, Throwable error) {
        record(operation, stage, RateLimitedLog.oneLine(error));
    }

    /** Counts a failure described by {@code problem}, and logs it unless one was lately. */
    void record(String operation, String stage, String problem) {
        count.incrementAndGet();
        long now = ticker.read();
        long last = lastLine.get();
        if (now - last < LOG_EVERY.toNanos() || !lastLine.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long others = unlogged.getAndSet(0);
        log.warn("The shared stage cache (Redis) failed to {} for {}: {}; a read counts as a miss and a write is"
                        + " skipped, so requests go to their integrations ({} more failures since the previous line)",
                operation, stage, problem, others);
    }

    /** Every failure so far. */
    long count() {
        return count.get();
    }
}
