package io.tollgate.core.server.deploy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.Stage;
import io.tollgate.core.server.CanaryObserver;
import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Judges each canary that has an {@link CanaryAbort} against its base, window after window, from the answers both
 * sides give: when a window closes in which both answered enough requests, and the canary's 5XX share or p99 latency
 * exceeds the base's by more than the margins, the verdict goes to the {@link Verdicts} (which removes the canary).
 * Time comes from the ticker, so tests move it instead of waiting. A canary keeps its window across swaps of the
 * gateway as long as it and its base serve the same deployments.
 */
final class CanaryJudge {

    /** Where a verdict goes: the canary of {@code api}'s {@code stage} serving {@code canaryDeployment} is to go. */
    @FunctionalInterface
    interface Verdicts {
        void abort(String api, String stage, String canaryDeployment, String reason);
    }

    private final Ticker ticker;
    private final Verdicts verdicts;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    CanaryJudge(Ticker ticker, Verdicts verdicts) {
        this.ticker = Objects.requireNonNull(ticker);
        this.verdicts = Objects.requireNonNull(verdicts);
    }

    /**
     * The observer of a gateway being compiled: {@code policies} gives the abort policy of each stage's canary in it
     * (by {@code api/stage}; absent: not judged).
     */
    CanaryObserver observer(Map<String, CanaryAbort> policies) {
        return (api, base, canary) -> {
            CanaryAbort policy = policies.get(api.name() + "/" + base.name());
            return policy == null ? CanaryObserver.Recorder.NONE : recorder(api, base, canary, policy);
        };
    }

    private CanaryObserver.Recorder recorder(Api api, Stage base, Stage canary, CanaryAbort policy) {
        String key = api.name() + "/" + base.name() + "/" + base.deploymentId() + "/" + canary.deploymentId();
        watches.keySet().removeIf(k -> k.startsWith(api.name() + "/" + base.name() + "/") && !k.equals(key));
        Watch watch = watches.compute(key, (k, existing) -> existing != null && existing.policy.equals(policy)
                ? existing : new Watch(api.name(), base.name(), canary.deploymentId(), policy));
        return watch;
    }

    /** Forgets the canary of a stage (removed or promoted). */
    void forget(String api, String stage) {
        watches.keySet().removeIf(k -> k.startsWith(api + "/" + stage + "/"));
    }

    /** One side's figures in one window. */
    static final class Side {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final LatencyHistogram latencies = new LatencyHistogram();

        void record(int status, long nanos) {
            requests.incrementAndGet();
            if (status >= 500) {
                serverErrors.incrementAndGet();
            }
            latencies.record(nanos);
        }

        double errorRate() {
            long n = requests.get();
            return n == 0 ? 0.0 : serverErrors.get() / (double) n;
        }
    }

    /** Both sides' figures in the window that began at {@code start}. */
    record Window(long start, Side base, Side canary) {
        Window(long start) {
            this(start, new Side(), new Side());
        }
    }

    /** One stage's canary under watch. */
    final class Watch implements CanaryObserver.Recorder {

        private final String api;
        private final String stage;
        private final String canaryDeployment;
        private final CanaryAbort policy;
        private final AtomicReference<Window> window;
        private volatile boolean decided;

        Watch(String api, String stage, String canaryDeployment, CanaryAbort policy) {
            this.api = api;
            this.stage = stage;
            this.canaryDeployment = canaryDeployment;
            this.policy = policy;
            this.window = new AtomicReference<>(new Window(ticker.read()));
        }

        @SuppressWarnings("NullAway") // never null: set to a window, and only ever replaced by another
        private Window window() {
            return window.get();
        }

        @Override
        public void record(boolean canary, int status, long nanos) {
            long now = ticker.read();
            Window current = window();
            if (now - current.start() >= policy.window().toNanos()) {
                Window next = new Window(now);
                if (window.compareAndSet(current, next)) {
                    judge(current);
                }
                current = window();
            }
            (canary ? current.canary() : current.base()).record(status, nanos);
        }

        private void judge(Window closed) {
            if (decided) {
                return;
            }
            String reason = verdict(closed, policy);
            if (reason != null) {
                decided = true;
                verdicts.abort(api, stage, canaryDeployment, reason);
            }
        }
    }

    /** Why the canary fails against its base in {@code window}, or null when it does not (or too few answered). */
    static @Nullable String verdict(Window window, CanaryAbort policy) {
        Side base = window.base();
        Side canary = window.canary();
        if (base.requests.get() < policy.minRequests() || canary.requests.get() < policy.minRequests()) {
            return null;
        }
        double canaryErrors = canary.errorRate();
        double baseErrors = base.errorRate();
        if (canaryErrors - baseErrors > policy.errorRateMargin()) {
            return String.format(Locale.ROOT, "5XX rate %.2f%% of %d requests against the base's %.2f%% of %d"
                            + " (margin %.2f points)", canaryErrors * 100, canary.requests.get(), baseErrors * 100,
                    base.requests.get(), policy.errorRateMargin() * 100);
        }
        if (policy.latencyMargin() != null) {
            long canaryP99 = canary.latencies.percentile(0.99);
            long baseP99 = base.latencies.percentile(0.99);
            if (canaryP99 - baseP99 > policy.latencyMargin().toNanos()) {
                return String.format(Locale.ROOT, "p99 latency %.1f ms of %d requests against the base's %.1f ms"
                                + " of %d (margin %d ms)", canaryP99 / 1e6, canary.requests.get(), baseP99 / 1e6,
                        base.requests.get(), policy.latencyMargin().toMillis());
            }
        }
        return null;
    }
}
