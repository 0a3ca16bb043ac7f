package io.tollgate.core.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands access log lines from the event loops to one writer thread, which gives them to their SLF4J loggers in
 * batches, every {@code flushInterval}. The event loop only renders a line and queues it: whatever the application's
 * logging does with it (a synchronous file or console appender, an encoder, a network appender) happens on the
 * writer thread, so it never blocks a request. Batching is what makes it cheap: the writer wakes up on its own
 * schedule instead of once per line, as a queue with a waiting consumer (Logback's {@code AsyncAppender}) does.
 * <p>
 * Lines keep their order, and reach the log at most about {@code flushInterval} after their request ended (the
 * logging event's own timestamp is then that of the batch; the line's {@code $context.requestTime} is the request's).
 * When more than {@code capacity} lines wait (the log cannot keep up), further lines are dropped rather than making
 * requests wait: they are counted ({@link #dropped()}) and a warning says so, at most every 10 s. {@link #close()}
 * (the application's shutdown) writes what is queued.
 */
public final class AccessLogWriter implements AutoCloseable {

    /** Lines queued at most, unless given another. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /** How often the writer gives queued lines to their loggers, unless given another. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BATCH = 1024;

    private record Line(Logger logger, String text) {
    }

    private final ArrayBlockingQueue<Line> queue;
    private final long intervalNanos;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Object draining = new Object();
    private volatile boolean closed;

    /** A writer with {@link #DEFAULT_CAPACITY} and {@link #DEFAULT_FLUSH_INTERVAL}. */
    public AccessLogWriter() {
        this(DEFAULT_CAPACITY, DEFAULT_FLUSH_INTERVAL);
    }

    /**
     * A writer whose thread starts now.
     *
     * @param capacity      the most lines that may wait (at least 1)
     * @param flushInterval how often the writer thread gives the waiting lines to their loggers (positive)
     */
    public AccessLogWriter(int capacity, Duration flushInterval) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the access log buffer holds at least 1 line, not " + capacity);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("the access log flush interval must be positive, not " + flushInterval);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.intervalNanos = flushInterval.toNanos();
        this.writer = new Thread(this::run, "tollgate-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues {@code line} for {@code logger} (at INFO); never blocks. */
    public void write(Logger logger, String line) {
        if (closed) {
            logger.info(line);
            return;
        }
        if (queue.offer(new Line(logger, line))) {
            if (closed) {
                // closed while this line was offered: nobody else writes it now
                flush();
            }
        } else {
            long count = dropped.incrementAndGet();
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("The access log cannot keep up: {} lines dropped so far ({} lines wait to be written)",
                        count, queue.size());
            }
        }
    }

    /** Gives every line queued so far to its logger, on the calling thread (tests; shutdown). */
    public void flush() {
        synchronized (draining) {
            List<Line> batch = new ArrayList<>(Math.min(BATCH, queue.size() + 1));
            while (queue.drainTo(batch, BATCH) > 0) {
                for (Line line : batch) {
                    try {
                        line.logger().info(line.text());
                    } catch (RuntimeException e) {
                        // a failing appender must not stop the writer; Logback reports its own failures
                        log.debug("An access log line could not be written", e);
                    }
                }
                batch.clear();
            }
        }
    }

    /** How many lines were dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** How many lines wait to be written. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, intervalNanos);
            flush();
        }
    }

    /** Stops the writer thread and writes what is queued; later lines are written at once, on their own thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos) + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
