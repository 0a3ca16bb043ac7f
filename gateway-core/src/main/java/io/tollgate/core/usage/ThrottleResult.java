package io.tollgate.core.usage;

/**
 * What taking a token from a bucket gave.
 *
 * @param allowed      whether a token was taken
 * @param remaining    the whole tokens left after it (0 when refused)
 * @param nanosToWait  when refused, how long until a token is available; otherwise 0
 * @param nanosToReset how long until the bucket is full again (the {@code RateLimit-Reset} header's source); -1 when
 *                     the store does not know, and the headers derive it from {@code remaining}
 */
public record ThrottleResult(boolean allowed, long remaining, long nanosToWait, long nanosToReset) {

    /** A result whose store does not know when the bucket is full again. */
    public ThrottleResult(boolean allowed, long remaining, long nanosToWait) {
        this(allowed, remaining, nanosToWait, -1);
    }
}
