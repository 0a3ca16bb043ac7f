package io.tollgate.core.api.cache;

/**
 * What the stage cache does with {@code Cache-Control: max-age=0} from a caller that may not invalidate the cache, as
 * AWS's {@code unauthorizedCacheControlHeaderStrategy}.
 */
public enum UnauthorizedCacheControlHeaderStrategy {
    /** Refuses the request with 403. */
    FAIL_WITH_403,
    /** Ignores the header (the cache answers as usual) and adds a warning header to the response (AWS's default). */
    SUCCEED_WITH_RESPONSE_HEADER,
    /** Ignores the header silently. */
    SUCCEED_WITHOUT_RESPONSE_HEADER
}
