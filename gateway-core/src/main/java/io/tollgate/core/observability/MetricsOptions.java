package io.tollgate.core.observability;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the gateway's timers publish their distribution. Left unset ({@link #DEFAULT}), the registry's own meter
 * filters decide (in Spring Boot, {@code management.metrics.distribution.*} for {@code tollgate.*} meters).
 *
 * @param percentileHistogram whether timers publish histogram buckets (for server-side percentiles), or null to
 *                            leave it to the registry's filters
 * @param percentiles         client-side percentiles each timer computes ({@code 0.5, 0.99}); empty for none
 */
public record MetricsOptions(@Nullable Boolean percentileHistogram, double[] percentiles) {

    /** Nothing set: the registry's filters decide. */
    public static final MetricsOptions DEFAULT = new MetricsOptions(null, new double[0]);

    public MetricsOptions {
        percentiles = percentiles == null ? new double[0] : percentiles.clone();
        for (double p : percentiles) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("percentiles are between 0 and 1, not " + p);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricsOptions other && Objects.equals(percentileHistogram, other.percentileHistogram)
                && Arrays.equals(percentiles, other.percentiles);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(percentileHistogram) + Arrays.hashCode(percentiles);
    }

    @Override
    public String toString() {
        return "MetricsOptions[percentileHistogram=" + percentileHistogram + ", percentiles=" + Arrays.toString(percentiles) + "]";
    }
}
