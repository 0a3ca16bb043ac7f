package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * When a canary is removed by the gateway itself: over each {@code window} in which both sides answered at least
 * {@code minRequests}, the canary's share of 5XX answers exceeds the base's by more than {@code errorRateMargin}
 * (0.05: five percentage points), or its p99 latency (until the answer's head) exceeds the base's by more than
 * {@code latencyMargin} (null: latency is not judged).
 */
public record CanaryAbort(Duration window, long minRequests, double errorRateMargin, @Nullable Duration latencyMargin) {

    public CanaryAbort {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("minRequests must be at least 1, was " + minRequests);
        }
        if (!(errorRateMargin >= 0.0 && errorRateMargin <= 1.0)) {
            throw new IllegalArgumentException("errorRateMargin must be between 0.0 and 1.0, was " + errorRateMargin);
        }
        if (latencyMargin != null && latencyMargin.isNegative()) {
            throw new IllegalArgumentException("latencyMargin must not be negative, was " + latencyMargin);
        }
    }
}
