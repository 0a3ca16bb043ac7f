package io.tollgate.core.api.usage;

/**
 * Token-bucket limits, as API Gateway's throttle settings: a steady {@code rateLimit} in requests per second and a
 * {@code burstLimit}, the bucket's capacity (requests that may arrive at once).
 */
public record Throttle(double rateLimit, long burstLimit) {

    /** Amazon API Gateway's account-level default: 10,000 requests per second, bursts of 5,000. */
    public static final Throttle ACCOUNT_DEFAULT = new Throttle(10_000, 5_000);

    public Throttle {
        if (!(rateLimit > 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException("rateLimit must be positive, not " + rateLimit);
        }
        if (burstLimit < 1) {
            throw new IllegalArgumentException("burstLimit must be at least 1, not " + burstLimit);
        }
    }
}
