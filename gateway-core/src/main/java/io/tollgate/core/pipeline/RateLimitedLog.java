package io.tollgate.core.pipeline;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-line WARN logging that a flood cannot turn into a flood of log lines: at most {@code linesPerMinute} lines a
 * minute (a Bucket4j token bucket, refilled greedily), the rest counted and reported on the next line that is written
 * ("N similar lines suppressed"). For failures a client or a backend can cause at will (an invalid header value from a
 * mapping, a backend that refuses connections), so that they are seen without letting anyone fill the disk. Callers
 * pass no {@link Throwable}: these lines never carry a stack trace.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final Bucket bucket;
    private final AtomicLong suppressed = new AtomicLong();

    /** A log of {@code linesPerMinute} lines a minute at most, on the system clock. */
    public RateLimitedLog(Logger log, int linesPerMinute) {
        this(log, linesPerMinute, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** The same on {@code time}, which tests move instead of waiting. */
    public RateLimitedLog(Logger log, int linesPerMinute, TimeMeter time) {
        if (linesPerMinute < 1) {
            throw new IllegalArgumentException("linesPerMinute must be at least 1, was " + linesPerMinute);
        }
        this.log = log;
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(linesPerMinute).refillGreedy(linesPerMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** Writes one WARN line, unless this minute's lines are spent (then it is counted). */
    public void warn(String format, @Nullable Object... arguments) {
        if (!log.isWarnEnabled()) {
            return;
        }
        if (!bucket.tryConsume(1)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped == 0) {
            log.warn(format, arguments);
        } else {
            Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = skipped;
            log.warn(format + " ({} similar lines suppressed)", withCount);
        }
    }

    /** A failure in one line, for these logs: its type and message, and its cause's when it wraps one. */
    public static String oneLine(Throwable error) {
        StringBuilder line = new StringBuilder(describe(error));
        Throwable cause = error.getCause();
        if (cause != null && cause != error && (cause.getMessage() == null || error.getMessage() == null
                || !error.getMessage().contains(cause.getMessage()))) {
            line.append(", caused by ").append(describe(cause));
        }
        return line.toString();
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String name = error.getClass().getSimpleName().isEmpty() ? error.getClass().getName()
                : error.getClass().getSimpleName();
        return message == null || message.isBlank() ? name
                : name + " (" + message.strip().replace('\r', ' ').replace('\n', ' ') + ")";
    }

    /** How many lines were dropped since the last one written. */
    public long suppressed() {
        return suppressed.get();
    }
}
