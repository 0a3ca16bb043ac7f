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
 *   <tr><td>WebSocket {@code ConnectCount}</td><td>{@value #WEBSOCKET_CONNECTS} (counter)</td></tr>
 *   <tr><td>WebSocket {@code MessageCount}</td><td>{@value #WEBSOCKET_MESSAGES} (counter)</td></tr>
 *   <tr><td>WebSocket {@code ClientError}</td><td>{@value #WEBSOCKET_CLIENT_ERRORS} (counter)</td></tr>
 *   <tr><td>WebSocket {@code IntegrationError}</td><td>{@value #WEBSOCKET_INTEGRATION_ERRORS} (counter)</td></tr>
 *   <tr><td>WebSocket {@code ExecutionError}</td><td>{@value #WEBSOCKET_EXECUTION_ERRORS} (counter)</td></tr>
 *   <tr><td>WebSocket {@code IntegrationLatency}</td><td>{@value #INTEGRATION_LATENCY} (timer)</td></tr>
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
    public static final String WEBSOCKET_CONNECTS = "tollgate.websocket.connect.count";
    public static final String WEBSOCKET_MESSAGES = "tollgate.websocket.message.count";
    public static final String WEBSOCKET_CLIENT_ERRORS = "tollgate.websocket.client.errors";
    public static final String WEBSOCKET_INTEGRATION_ERRORS = "tollgate.websocket.integration.errors";
    public static final String WEBSOCKET_EXECUTION_ERRORS = "tollgate.websocket.execution.errors";

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
