package io.tollgate.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.core.usage.redis.Bucket4jRedisRateLimiterStore;
import io.tollgate.core.usage.redis.RedisRateLimiterStore;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The two ways of keeping a shared token bucket in Redis, side by side in one run: one Lua script per check
 * ({@link RedisRateLimiterStore}, what Tollgate uses) and Bucket4j's compare-and-swap on Lettuce (what it used
 * before; {@link Bucket4jRedisRateLimiterStore}). Three "instances" (three connections, as three gateways would have)
 * check one hot key, {@code concurrency} checks in flight each, closed loop, in interleaved rounds; each round reports
 * checks per second, latency (p50, p99, max), timeouts and errors, and whether the bucket stayed exact (admitted
 * ≤ burst + rate × T). Needs Redis at {@code redis://127.0.0.1:6379} (or the URL given).
 * <pre>
 * java -cp benchmarks.jar io.tollgate.benchmarks.RedisBucketsComparison [--url redis://...] [--seconds 10]
 *      [--warmup 10] [--rounds 3] [--concurrency 32] [--rate 1000] [--burst 1000]
 * </pre>
 */
public final class RedisBucketsComparison {

    private RedisBucketsComparison() {
    }

    private record Round(double checksPerSecond, long admitted, double bound, long p50, long p99, long max,
                         long timeouts, long errors) {
    }

    public static void main(String[] args) {
        String url = "redis://127.0.0.1:6379";
        int seconds = 10;
        int warmup = 10;
        int rounds = 3;
        int concurrency = 32;
        double rate = 1000;
        long burst = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--burst" -> burst = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Duration timeout = Duration.ofMillis(500);
        RedisClient client = RedisClient.create();
        RedisURI uri = RedisURI.create(url);
        List<RedisConnector> connectors = List.of(new RedisConnector(client, uri), new RedisConnector(client, uri),
                new RedisConnector(client, uri));
        String prefix = "tollgate-bench:" + UUID.randomUUID() + ":";
        Map<String, Function<RedisConnector, RateLimiterStore>> stores = new LinkedHashMap<>();
        stores.put("lua-script", c -> new RedisRateLimiterStore(c, prefix + "lua:", timeout));
        stores.put("bucket4j-cas", c -> new Bucket4jRedisRateLimiterStore(c, prefix + "cas:", timeout));
        Throttle limits = new Throttle(rate, burst);
        Map<String, List<Round>> results = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "3 connections x %d checks in flight on one hot key (rate %s, burst %d);"
                + " warm-up %ds each, then %d interleaved rounds of %ds%n", concurrency, rate, burst, warmup, rounds, seconds);
        for (Map.Entry<String, Function<RedisConnector, RateLimiterStore>> store : stores.entrySet()) {
            List<RateLimiterStore> instances = connectors.stream().map(store.getValue()).toList();
            run(instances, "warm-up-" + UUID.randomUUID(), limits, concurrency, warmup);
        }
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Function<RedisConnector, RateLimiterStore>> store : stores.entrySet()) {
                List<RateLimiterStore> instances = connectors.stream().map(store.getValue()).toList();
                Round result = run(instances, "round-" + round, limits, concurrency, seconds);
                results.computeIfAbsent(store.getKey(), k -> new ArrayList<>()).add(result);
                System.out.printf(Locale.ROOT, "round %d %-13s %9.0f checks/s  p50 %6d us  p99 %6d us  max %7d us"
                                + "  admitted %d (bound %.0f)  timeouts %d  errors %d%n", round, store.getKey(),
                        result.checksPerSecond(), result.p50(), result.p99(), result.max(), result.admitted(),
                        result.bound(), result.timeouts(), result.errors());
            }
        }
        System.out.println();
        System.out.println("| approach | checks/s (median) | p50 µs | p99 µs | timeouts | exact |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        double luaMedian = 0;
        for (Map.Entry<String, List<Round>> entry : results.entrySet()) {
            List<Round> all = entry.getValue();
            double median = median(all.stream().mapToDouble(Round::checksPerSecond).toArray());
            if (entry.getKey().equals("lua-script")) {
                luaMedian = median;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %d | %d | %s |%n", entry.getKey(), median,
                    (long) median(all.stream().mapToDouble(Round::p50).toArray()),
                    (long) median(all.stream().mapToDouble(Round::p99).toArray()),
                    all.stream().mapToLong(Round::timeouts).sum(),
                    all.stream().allMatch(r -> r.admitted() <= r.bound()) ? "yes" : "NO");
        }
        double casMedian = median(results.get("bucket4j-cas").stream().mapToDouble(Round::checksPerSecond).toArray());
        System.out.printf(Locale.ROOT, "RESULT lua_vs_cas=%.2f%n", luaMedian / casMedian);
        connectors.forEach(RedisConnector::close);
        client.shutdown(0, 5, TimeUnit.SECONDS);
    }

    /** {@code concurrency} closed loops per instance on one key for {@code seconds}. */
    private static Round run(List<RateLimiterStore> instances, String key, Throttle limits, int concurrency,
                             int seconds) {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 2);
        AtomicLong checks = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Flux.range(0, instances.size() * concurrency)
                .flatMap(loop -> check(instances.get(loop % instances.size()), key, limits, end, latency, checks,
                        admitted, timeouts, errors).repeat(() -> System.nanoTime() < end), instances.size() * concurrency)
                .blockLast(Duration.ofSeconds(seconds + 30L));
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Round(checks.get() / elapsed, admitted.get(), limits.burstLimit() + limits.rateLimit() * elapsed,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                timeouts.get(), errors.get());
    }

    private static Mono<ThrottleResult> check(RateLimiterStore store, String key, Throttle limits, long end,
                                              Histogram latency, AtomicLong checks, AtomicLong admitted,
                                              AtomicLong timeouts, AtomicLong errors) {
        return Mono.defer(() -> {
            long sent = System.nanoTime();
            return store.tryConsume(key, limits)
                    .doOnNext(result -> {
                        synchronized (latency) {
                            latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                                    (System.nanoTime() - sent) / 1_000));
                        }
                        checks.incrementAndGet();
                        if (result.allowed()) {
                            admitted.incrementAndGet();
                        }
                    })
                    .onErrorResume(error -> {
                        if (error instanceof java.util.concurrent.TimeoutException) {
                            timeouts.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        return Mono.empty();
                    });
        });
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
