package io.tollgate.benchmarks;

import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The local token-bucket check a metered route makes per request (Bucket4j bucket found by key in a Caffeine map):
 * one hot key, and a key among 10,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BucketCheckBenchmark {

    private final Throttle limits = new Throttle(1e9, 1_000_000_000L);
    private LocalRateLimiterStore store;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        store = new LocalRateLimiterStore(100_000);
        keys = new String[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "plan:basic:key-" + i;
            store.consume(keys[i], limits);
        }
    }

    @Benchmark
    public ThrottleResult hotKey() {
        return store.consume("plan:basic:key-42", limits);
    }

    @Benchmark
    public ThrottleResult manyKeys() {
        next = (next + 1) % keys.length;
        return store.consume(keys[next], limits);
    }
}
