package io.tollgate.core.pipeline;

import java.util.Map;

/**
 * Typed facts about an observed request that metrics, logs and traces read: the trace, the authorizer's decision and
 * latency, the integration's latency and status, the API key's id. Present on a {@link GatewayExchange} only when its
 * route has {@link RequestListener}s, so unobserved requests record nothing.
 */
public final class RequestFacts {

    private ExchangeTracer tracer;
    private Map<String, String> traceHeaders = Map.of();
    private AuthorizerTiming authorizer;
    private long integrationStart;
    private long integrationNanos = -1;
    private int integrationStatus = -1;
    private String apiKeyId;
    private RequestListener.Completion completion;
    private Throwable failure;

    RequestFacts() {
    }

    /** What is told when the request completes, or null. */
    public RequestListener.Completion completion() {
        return completion;
    }

    public void completion(RequestListener.Completion completion) {
        this.completion = completion;
    }

    /** What went wrong unexpectedly inside the gateway (answered with a 500), or null. */
    public Throwable failure() {
        return failure;
    }

    public void failure(Throwable failure) {
        this.failure = failure;
    }

    /** The request's trace when tracing is on, else null. */
    public ExchangeTracer tracer() {
        return tracer;
    }

    /** Records the request's trace (the tracing listener does, when the request starts). */
    public void tracer(ExchangeTracer tracer) {
        this.tracer = tracer;
    }

    /** The trace propagation headers the integration sends to its backend (empty unless tracing is on). */
    public Map<String, String> traceHeaders() {
        return traceHeaders;
    }

    /** The authorizer's decision and latency, or null when none ran. */
    public AuthorizerTiming authorizer() {
        return authorizer;
    }

    public void authorizer(AuthorizerTiming timing) {
        this.authorizer = timing;
    }

    /** Marks the integration as called at {@code nanos}; {@code propagation} (may be empty) goes to the backend. */
    public void integrationStarted(long nanos, Map<String, String> propagation) {
        this.integrationStart = nanos;
        this.traceHeaders = propagation;
    }

    /** Marks the integration's reply (status and headers) as received at {@code nanos}. */
    public void integrationEnded(long nanos, int status) {
        this.integrationNanos = nanos - integrationStart;
        this.integrationStatus = status;
    }

    /** From calling the integration to its reply's headers, or -1 when it was not called (or did not answer). */
    public long integrationNanos() {
        return integrationNanos;
    }

    /** The status the integration answered with, or -1 (not called, or unreachable or timed out). */
    public int integrationStatus() {
        return integrationStatus;
    }

    /** The id (never the value) of the API key the request was metered with, or null. */
    public String apiKeyId() {
        return apiKeyId;
    }

    public void apiKeyId(String id) {
        this.apiKeyId = id;
    }
}
