package io.tollgate.core.server.deploy;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies counted in buckets an eighth of an octave wide (each about 9 % wider than the one before), from one
 * microsecond to about a day: recorded without locks from any thread, read as a percentile with that precision.
 */
final class LatencyHistogram {

    private static final int PER_OCTAVE = 8;
    private static final int BUCKETS = 37 * PER_OCTAVE;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
    }

    /** The upper bound of the bucket that holds the {@code quantile} (0.99: p99) of what was recorded, in nanoseconds. */
    long percentile(double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    static int bucket(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        int bucket = (int) Math.floor(Math.log(micros) / Math.log(2) * PER_OCTAVE);
        return Math.min(BUCKETS - 1, Math.max(0, bucket));
    }

    static long upperBound(int bucket) {
        return (long) (Math.pow(2, (bucket + 1) / (double) PER_OCTAVE) * 1000.0);
    }
}
