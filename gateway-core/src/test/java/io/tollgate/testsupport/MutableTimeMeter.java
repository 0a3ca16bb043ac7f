package io.tollgate.testsupport;

import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A wall-clock {@link TimeMeter} (nanoseconds since the epoch) that tests move instead of waiting. */
public final class MutableTimeMeter implements TimeMeter {

    private final AtomicLong nanos;

    public MutableTimeMeter(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    /** A meter at the current wall-clock time (which then only moves when told). */
    public static MutableTimeMeter now() {
        return new MutableTimeMeter(System.currentTimeMillis() * 1_000_000L);
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
