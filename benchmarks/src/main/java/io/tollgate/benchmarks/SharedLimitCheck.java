package io.tollgate.benchmarks;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exactness of a limit several gateway instances share: requests sent at a fixed rate (open loop, whatever the
 * answers), in turn to each instance, all with one API key whose plan allows {@code rate} requests per second with
 * bursts of {@code burst}; the backend behind the instances (served here) records when each admitted request
 * arrives. After {@code seconds}, the figures and the checks:
 * <ul>
 *   <li>admitted ≤ burst + rate × T and ≥ 95 % of rate × T (T: the time requests were sent);</li>
 *   <li>in every 1 s window (sliding, at the backend; 950 ms there, since a request reaches the backend up to some
 *       milliseconds after the gateway admitted it, by its own clock) at most burst + rate admitted;</li>
 *   <li>no 5xx and no failed request.</li>
 * </ul>
 * Ends with a line {@code RESULT ... verdict=PASS|FAIL} and exits 1 when a check fails.
 * <pre>
 * java -cp benchmarks.jar io.tollgate.benchmarks.SharedLimitCheck --backend-port 18099 --rate 50 --burst 100
 *      --offered 400 --seconds 30 --key KEY [--warmup 20 --warmup-key KEY2] URL [URL ...]
 * </pre>
 */
public final class SharedLimitCheck {

    /** How much closer two requests may arrive at the backend than the gateway admitted them: 50 ms. */
    private static final long ARRIVAL_JITTER_NANOS = 50_000_000L;

    private SharedLimitCheck() {
    }

    public static void main(String[] args) throws InterruptedException {
        int backendPort = 18099;
        double rate = 50;
        long burst = 100;
        double offered = 400;
        int seconds = 30;
        String key = "";
        int warmup = 0;
        String warmupKey = "";
        String path = "/plans/pets/1";
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend-port" -> backendPort = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--burst" -> burst = Long.parseLong(args[++i]);
                case "--offered" -> offered = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--key" -> key = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--warmup-key" -> warmupKey = args[++i];
                case "--path" -> path = args[++i];
                default -> urls.add(args[i]);
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no gateway URL: " + Arrays.toString(args));
        }

        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        DisposableServer backend = HttpServer.create().host("127.0.0.1").port(backendPort)
                .handle((request, response) -> {
                    arrivals.add(System.nanoTime());
                    return response.header("content-type", "application/json")
                            .send(Mono.just(Unpooled.wrappedBuffer("{\"id\":1}".getBytes())));
                })
                .bindNow();
        String apiKey = key;
        ConnectionProvider pool = ConnectionProvider.builder("check").maxConnections(512)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("x-api-key", apiKey));

        if (warmup > 0) {
            // the instances' JIT at work before anything is measured: the same load, another key (a plan without limits)
            String warmKey = warmupKey;
            HttpClient warming = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(10))
                    .headers(h -> h.set("x-api-key", warmKey));
            String route = path;
            Flux.interval(Duration.ofNanos(Math.round(1e9 / offered))).take(Math.round(offered * warmup))
                    .onBackpressureDrop()
                    .flatMap(i -> warming.get().uri(urls.get((int) (i % urls.size())) + route)
                            .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                            .onErrorResume(error -> Mono.just(0)), 1024)
                    .blockLast(Duration.ofSeconds(warmup + 60L));
            arrivals.clear();
            System.out.printf(Locale.ROOT, "warmed up for %ds%n", warmup);
        }
        // the instances' logs from here on are the measured phase's (the script reads them from this time)
        System.out.println("measuring since " + java.time.Instant.now());
        AtomicLong ok = new AtomicLong();
        AtomicLong limited = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        AtomicLong otherStatus = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = Math.round(offered * seconds);
        CountDownLatch done = new CountDownLatch((int) total);
        long intervalNanos = Math.round(1e9 / offered);
        long start = System.nanoTime();
        String measured = path;
        // a metronome: request i is sent at start + i × interval, whatever the answers
        Flux.interval(Duration.ofNanos(intervalNanos)).take(total).subscribe(i -> {
            String url = urls.get((int) (i % urls.size())) + measured;
            client.get().uri(url).responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                    .subscribe(status -> {
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else if (status == 429) {
                            limited.incrementAndGet();
                        } else if (status >= 500) {
                            serverErrors.incrementAndGet();
                        } else {
                            otherStatus.incrementAndGet();
                        }
                        done.countDown();
                    }, error -> {
                        failed.incrementAndGet();
                        done.countDown();
                    });
        });
        boolean finished = done.await(seconds + 30L, TimeUnit.SECONDS);
        double sentSeconds = (System.nanoTime() - start) / 1e9;
        backend.disposeNow();

        long[] times = arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
        long maxWindow = 0;
        for (int from = 0, to = 0; from < times.length; from++) {
            // the limiter's 1 s, seen at the backend: two admissions 1 s apart may arrive closer by their paths' jitter
            while (to < times.length && times[to] - times[from] < 1_000_000_000L - ARRIVAL_JITTER_NANOS) {
                to++;
            }
            maxWindow = Math.max(maxWindow, to - from);
        }
        double window = Math.min(sentSeconds, seconds);
        long admitted = ok.get();
        double upper = burst + rate * window;
        double lower = 0.95 * rate * window;
        List<String> failures = new ArrayList<>();
        if (!finished) {
            failures.add("not every request was answered");
        }
        if (admitted > upper) {
            failures.add("admitted " + admitted + " > burst + rate x T = " + fmt(upper));
        }
        if (admitted < lower) {
            failures.add("admitted " + admitted + " < 95% of rate x T = " + fmt(lower));
        }
        if (maxWindow > burst + rate) {
            failures.add("a 1 s window admitted " + maxWindow + " > burst + rate = " + fmt(burst + rate));
        }
        if (serverErrors.get() > 0 || failed.get() > 0) {
            failures.add(serverErrors.get() + " 5xx and " + failed.get() + " failed requests");
        }
        System.out.printf(Locale.ROOT, "instances=%d offered=%s/s for %ss (%d requests), limit rate=%s burst=%d%n",
                urls.size(), fmt(offered), fmt(window), total, fmt(rate), burst);
        System.out.printf(Locale.ROOT, "admitted=%d (bounds %s..%s) at backend=%d, 429=%d, 5xx=%d, other=%d, failed=%d,"
                        + " busiest 1 s window=%d (bound %s)%n", admitted, fmt(lower), fmt(upper), times.length,
                limited.get(), serverErrors.get(), otherStatus.get(), failed.get(), maxWindow, fmt(burst + rate));
        failures.forEach(failure -> System.out.println("FAILED: " + failure));
        System.out.printf(Locale.ROOT, "RESULT instances=%d admitted=%d upper=%s lower=%s max_window=%d window_bound=%s"
                        + " limited=%d server_errors=%d failed=%d verdict=%s%n", urls.size(), admitted, fmt(upper),
                fmt(lower), maxWindow, fmt(burst + rate), limited.get(), serverErrors.get(), failed.get(),
                failures.isEmpty() ? "PASS" : "FAIL");
        pool.disposeLater().block(Duration.ofSeconds(5));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
