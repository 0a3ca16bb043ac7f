package io.tollgate.core.api.usage;

import java.util.Objects;

/**
 * A usage plan's quota: at most {@code limit} requests per key per calendar {@code period}; {@code offset} requests
 * are subtracted from the limit in the period the plan starts in (AWS's current API reference).
 */
public record Quota(long limit, QuotaPeriod period, long offset) {

    public Quota {
        Objects.requireNonNull(period, "period");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        if (offset < 0 || offset >= limit) {
            throw new IllegalArgumentException("offset must be between 0 and limit - 1, not " + offset);
        }
    }
}
