package io.tollgate.core.observability;

/**
 * The gateway's meter and tag names, with the Amazon API Gateway CloudWatch metric each stands for.
 *
 * <table>
 *   <caption>CloudWatch metrics and their meters</caption>
 *   <tr><th>CloudWatch</th><th>Meter</th></tr>
 *   <tr><td>{@code Count}, {@code Latency}</td><td>{@value #REQUESTS} (timer: count and time)</td></tr>
 *   <tr><td>{@code IntegrationLatency}</td><td>{@value #INTEGRATION_LATENCY} (timer)</td></tr>
 *   <tr><td>{@code 4XXError} / {@code 4xx}</td><td>{@value #ERRORS_4XX} (counter)</td></tr>
 *   <tr><td>{@code 5XXError} / {@code 5xx}</td><td>{@value #ERRORS_5XX} (counter)</td></tr>
 *   <tr><td>{@code CacheHitCount}</td><td>{@value #CACHE_HITS} (counter)</td></tr>
 *   <tr><td>{@code CacheMissCount}</td><td>{@value #CACHE_MISSES} (counter)</td></tr>
 *   <tr><td>(429 in access logs)</td><td>{@value #THROTTLED}, {@value #QUOTA_EXCEEDED} (counters)</td></tr>
 *   <tr><td>({@code $context.authorizer.latency})</td><td>{@value #AUTHORIZER} (timer)</td></tr>
 * </table>
 */
public final class MeterNames {

    public static final String REQUESTS = "tollgate.requests";
    public static final String INTEGRATION_LATENCY = "tollgate.integration.latency";
    public static final String ERRORS_4XX = "tollgate.errors.4xx";
    public static final String ERRORS_5XX = "tollgate.errors.5xx";
    public static final String CACHE_HITS = "tollgate.cache.hits";
    public static final String CACHE_MISSES = "tollgate.cache.misses";
    public static final String THROTTLED = "tollgate.throttled";
    public static final String QUOTA_EXCEEDED = "tollgate.quota.exceeded";
    public static final String AUTHORIZER = "tollgate.authorizer.latency";

    public static final String API = "api";
    public static final String STAGE = "stage";
    public static final String ROUTE = "route";
    public static final String METHOD = "method";
    public static final String STATUS = "status";
    public static final String OUTCOME = "outcome";
    public static final String AUTHORIZER_TYPE = "type";

    private MeterNames() {
    }
}
