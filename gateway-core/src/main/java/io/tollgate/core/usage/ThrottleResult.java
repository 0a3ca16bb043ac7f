package io.tollgate.core.usage;

/**
 * What taking a token from a bucket gave.
 *
 * @param allowed     whether a token was taken
 * @param remaining   the tokens left after it (0 when refused)
 * @param nanosToWait when refused, how long until a token is available; otherwise 0
 */
public record ThrottleResult(boolean allowed, long remaining, long nanosToWait) {
}
