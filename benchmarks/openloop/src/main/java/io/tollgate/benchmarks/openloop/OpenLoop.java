package io.tollgate.benchmarks.openloop;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.config.BenchmarkBuilder;
import io.hyperfoil.api.config.Phase;
import io.hyperfoil.api.config.PhaseBuilder;
import io.hyperfoil.api.config.SessionLimitPolicy;
import io.hyperfoil.api.session.PhaseInstance;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.core.impl.LocalSimulationRunner;
import io.hyperfoil.http.api.HttpMethod;
import io.hyperfoil.http.config.HttpPluginBuilder;
import io.hyperfoil.http.statistics.HttpStats;
import io.hyperfoil.http.steps.HttpRequestStepBuilder;
import io.hyperfoil.http.steps.HttpStepCatalog;

/**
 * The open-loop load driver of {@code benchmarks/latency.sh} and {@code benchmarks/soak.sh}: Hyperfoil, in this JVM,
 * starting requests at a fixed rate whatever the target answers, and recording each request's latency in an
 * HdrHistogram (nanoseconds, 2 significant digits: 10 µs steps around 1 ms).
 *
 * <p>Open loop, and coordinated omission: wrk sends a connection's next request only when the last one is answered, so
 * a stall of the target delays the requests that would have measured it, and the stall disappears from the
 * percentiles. Here every request is started at its scheduled time (a metronome: {@code rate} requests per second,
 * evenly spaced per millisecond), on whichever of the {@code --connections} keep-alive connections is free. Its latency
 * is counted from that start: the time it waits for a free connection, when all are busy with slower requests, is part
 * of it (Hyperfoil starts the request's clock before it asks its pool for a connection). Two things could still hide a
 * stall, and both are reported rather than hidden: the driver running out of sessions (more than
 * {@code --max-sessions} requests in flight: {@code throttled=1}, the run is not valid) and the driver's own timer
 * being late ({@code driver_lag_*}: a thread asking to wake every millisecond records how late it wakes; when that is
 * near the target's tail, the tail is the machine's, not the target's).
 *
 * <pre>
 * java -jar openloop.jar --url http://127.0.0.1:18080 --rate 1000 --duration 60 [--settle 5] [--connections 256]
 *      [--threads 1] [--max-sessions N] [--timeout-ms 10000] [--label NAME] [--histogram FILE]
 *      ROUTE [-H 'Name: value' ...] [ROUTE ...]
 * ROUTE: 'GET /pets/1' or 'POST /pets {"name":"Rex"}' (a body is sent as application/json); several routes share the
 *        rate evenly, each in a phase of its own, and are reported each and together.
 * </pre>
 *
 * <p>Each run ends with a line {@code RESULT key=value ...} (latencies in µs) for the scripts. {@code --plan FILE}
 * makes one run per line of FILE (its arguments separated by tabs) in this one JVM.
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    record Route(HttpMethod method, String path, String body, Map<String, String> headers) {
        String name() {
            return method + " " + path;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--plan")) {
            // one run per line, its arguments separated by tabs: the runs of a session share this JVM, so the
            // driver's own code is compiled after the first ones and its JIT does not take CPU from the later ones
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    run(line.split("\t"));
                }
            }
        } else {
            run(args);
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        URI url = URI.create("http://127.0.0.1:18080");
        double rate = 1000;
        double duration = 30;
        double settle = 5;
        int connections = 256;
        int threads = 1;
        int maxSessions = -1;
        long timeoutMs = 10_000;
        String label = "run";
        String histogramFile = null;
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = URI.create(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--settle" -> settle = Double.parseDouble(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--max-sessions" -> maxSessions = Integer.parseInt(args[++i]);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(args[++i]);
                case "--label" -> label = args[++i];
                case "--histogram" -> histogramFile = args[++i];
                case "-H", "--header" -> {
                    if (routes.isEmpty()) {
                        throw new IllegalArgumentException("-H before any route");
                    }
                    String h = args[++i];
                    int colon = h.indexOf(':');
                    routes.get(routes.size() - 1).headers().put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    String[] parts = a.split(" ", 3);
                    routes.add(new Route(HttpMethod.valueOf(parts[0]), parts[1], parts.length > 2 ? parts[2] : null,
                            new LinkedHashMap<>()));
                }
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no route given (e.g. 'GET /pets/1')");
        }

        double ratePerRoute = rate / routes.size();
        // sessions the driver may have in flight per route: half a second of requests at the rate (at least 200); a
        // target that queues more than that is saturated, and the run says so (throttled=1)
        int sessions = maxSessions > 0 ? maxSessions : (int) Math.max(200, Math.ceil(ratePerRoute / 2));

        BenchmarkBuilder benchmark = BenchmarkBuilder.builder().name("openloop").threads(threads);
        HttpPluginBuilder http = benchmark.addPlugin(HttpPluginBuilder::new);
        http.ergonomics().repeatCookies(false).userAgentFromSession(false);
        http.http().host(url.getHost()).port(url.getPort() > 0 ? url.getPort() : 80)
                .sharedConnections(connections).requestTimeout(timeoutMs);
        long durationMs = Math.round(duration * 1000);
        long settleMs = Math.round(settle * 1000);
        for (int r = 0; r < routes.size(); r++) {
            Route route = routes.get(r);
            if (settleMs > 0) {
                addPhase(benchmark, "settle-" + r, null, route, ratePerRoute, sessions, settleMs, timeoutMs);
            }
            addPhase(benchmark, "measure-" + r, settleMs > 0 ? "settle-" + r : null, route, ratePerRoute, sessions,
                    durationMs, timeoutMs);
        }
        Benchmark built = benchmark.build();

        Map<String, StatisticsSnapshot> measured = new LinkedHashMap<>();
        for (int r = 0; r < routes.size(); r++) {
            measured.put("measure-" + r, new StatisticsSnapshot());
        }
        boolean[] throttled = new boolean[1];
        Hiccups hiccups = new Hiccups();
        hiccups.start();
        LocalSimulationRunner runner = new LocalSimulationRunner(built,
                (phase, stepId, metric, snapshot, countDown) -> {
                    StatisticsSnapshot total = measured.get(phase.name());
                    if (total != null) {
                        total.add(snapshot);
                    }
                }, null, null) {
            @Override
            protected CompletableFuture<Void> phaseChanged(Phase phase, PhaseInstance.Status status,
                                                           boolean sessionLimitExceeded, Throwable error) {
                if (phase.name().startsWith("measure-")) {
                    if (sessionLimitExceeded) {
                        throttled[0] = true;
                    }
                    // the driver's hiccups count while requests are measured
                    if (status == PhaseInstance.Status.RUNNING) {
                        hiccups.recording = true;
                    } else if (status.isFinished()) {
                        hiccups.recording = false;
                    }
                }
                return super.phaseChanged(phase, status, sessionLimitExceeded, error);
            }
        };
        try {
            runner.run();
        } catch (RuntimeException e) {
            hiccups.stop();
            System.err.println(label + ": the run failed: " + e);
            System.out.println("RESULT label=" + label + " failed=1");
            return;
        }
        hiccups.stop();

        StatisticsSnapshot all = new StatisticsSnapshot();
        int r = 0;
        for (StatisticsSnapshot s : measured.values()) {
            all.add(s);
            if (routes.size() > 1) {
                System.out.println(label + " " + routes.get(r).name() + ": " + describe(s, ratePerRoute, duration));
            }
            r++;
        }
        System.out.println(label + ": " + describe(all, rate, duration));
        if (histogramFile != null) {
            try (PrintStream out = new PrintStream(histogramFile)) {
                all.histogram.outputPercentileDistribution(out, 1000.0); // in µs
            } catch (FileNotFoundException e) {
                System.err.println("cannot write " + histogramFile + ": " + e.getMessage());
            }
        }
        HttpStats httpStats = HttpStats.get(all);
        int non2xx = httpStats.status_3xx + httpStats.status_4xx + httpStats.status_5xx + httpStats.status_other;
        Histogram h = all.histogram;
        long expected = Math.round(rate * duration);
        System.out.println(String.format(Locale.ROOT,
                "RESULT label=%s rate=%.0f duration=%.0f expected=%d requests=%d responses=%d achieved_rps=%.0f "
                        + "errors=%d non2xx=%d timeouts=%d connection_errors=%d cache_hits=%d "
                        + "p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f mean_us=%.0f "
                        + "blocked_ms=%.1f throttled=%d driver_lag_p999_us=%.0f driver_lag_max_us=%.0f",
                label, rate, duration, expected, all.requestCount, all.responseCount, all.responseCount / duration,
                failed(all), non2xx, all.requestTimeouts, all.connectionErrors, httpStats.cacheHits,
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getMean() / 1000,
                all.blockedTime / 1e6, throttled[0] ? 1 : 0,
                us(hiccups.histogram.getValueAtPercentile(99.9)), us(hiccups.histogram.getMaxValue())));
        System.out.flush();
    }

    private static void addPhase(BenchmarkBuilder benchmark, String name, String after, Route route, double rate,
                                 int sessions, long durationMs, long timeoutMs) {
        PhaseBuilder.ConstantRate phase = benchmark.addPhase(name).constantRate(0).usersPerSec(rate)
                .variance(false).maxSessions(sessions).sessionLimitPolicy(SessionLimitPolicy.CONTINUE)
                .duration(durationMs).maxDuration(durationMs + timeoutMs + 5_000);
        if (after != null) {
            phase.startAfter(after);
        }
        HttpRequestStepBuilder request = phase.scenario().initialSequence("request")
                .step(HttpStepCatalog.class).httpRequest(route.method()).path(route.path()).metric(route.name());
        HttpRequestStepBuilder.HeadersBuilder headers = request.headers();
        route.headers().forEach(headers::header);
        if (route.body() != null) {
            headers.header("content-type", "application/json");
            request.body(route.body());
        }
    }

    private static String describe(StatisticsSnapshot s, double rate, double duration) {
        Histogram h = s.histogram;
        return String.format(Locale.ROOT,
                "%.0f req/s for %.0f s: %d sent, %d answered, %d errors; latency µs p50 %.0f, p90 %.0f, p99 %.0f, "
                        + "p99.9 %.0f, max %.0f; waited for a connection %.1f ms in all",
                rate, duration, s.requestCount, s.responseCount, failed(s),
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), s.blockedTime / 1e6);
    }

    /** Requests that failed: a connection error, a timeout, a non-2xx answer (Hyperfoil counts most as both). */
    private static long failed(StatisticsSnapshot s) {
        return Math.max(s.invalid, s.errors());
    }

    private static double us(double nanos) {
        return nanos / 1000.0;
    }

    /** How late the driver's machine wakes a thread that asks to sleep 1 ms (as jHiccup): the floor under any tail. */
    static final class Hiccups implements Runnable {
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 2);
        private volatile boolean running = true;
        volatile boolean recording;
        private final Thread thread = new Thread(this, "hiccups");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public void run() {
            long period = TimeUnit.MILLISECONDS.toNanos(1);
            while (running) {
                long before = System.nanoTime();
                LockSupport.parkNanos(period);
                long late = System.nanoTime() - before - period;
                if (recording) {
                    histogram.recordValue(Math.max(0, Math.min(late, histogram.getHighestTrackableValue())));
                }
            }
        }
    }
}
