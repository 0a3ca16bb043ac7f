package io.tollgate.core.usage;

/**
 * What a usage plan's check of one key gave ({@link RateLimiterStore#tryConsumeAndCount}).
 *
 * @param throttle what taking the token gave
 * @param count    the quota's count including this request; 0 when it was not counted (no token was taken)
 */
public record Metered(ThrottleResult throttle, long count) {
}
