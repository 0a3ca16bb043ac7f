package io.tollgate.core.pipeline;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * Typed facts about an observed request that metrics, logs and traces read: the trace, the authorizer's decision and
 * latency, the integration's latency and status, the API key's id. Recorded on a {@link GatewayExchange} only when its
 * route has {@link RequestListener}s: an unobserved request's facts are {@link #NONE}, which records nothing and
 * answers "not known" ({@code null}, {@code -1}, empty), so readers need no null check.
 */
public final class RequestFacts {

    /** The facts of an unobserved request: every setter does nothing, every getter answers "not known". */
    public static final RequestFacts NONE = new RequestFacts(false);

    private final boolean observed;

    private @Nullable ExchangeTracer tracer;
    private Map<String, String> traceHeaders = Map.of();
    private @Nullable AuthorizerTiming authorizer;
    private long integrationStart;
    private long integrationNanos = -1;
    private int integrationStatus = -1;
    private @Nullable String apiKeyId;
    private RequestListener.@Nullable Completion completion;
    private @Nullable Throwable failure;

    RequestFacts(boolean observed) {
        this.observed = observed;
    }

    /** Whether these facts are recorded (false for {@link #NONE}): timing that costs something is skipped otherwise. */
    public boolean observed() {
        return observed;
    }

    /** What is told when the request completes, or null. */
    public RequestListener.@Nullable Completion completion() {
        return completion;
    }

    /** Sets what is told when the request completes (null: told). */
    public void completion(RequestListener.@Nullable Completion completion) {
        if (!observed) {
            return;
        }
        this.completion = completion;
    }

    /** What went wrong unexpectedly inside the gateway (answered with a 500), or null. */
    public @Nullable Throwable failure() {
        return failure;
    }

    /** Records what went wrong unexpectedly inside the gateway. */
    public void failure(Throwable failure) {
        if (!observed) {
            return;
        }
        this.failure = failure;
    }

    /** The request's trace when tracing is on, else null. */
    public @Nullable ExchangeTracer tracer() {
        return tracer;
    }

    /** Records the request's trace (the tracing listener does, when the request starts). */
    public void tracer(ExchangeTracer tracer) {
        if (!observed) {
            return;
        }
        this.tracer = tracer;
    }

    /** The trace propagation headers the integration sends to its backend (empty unless tracing is on). */
    public Map<String, String> traceHeaders() {
        return traceHeaders;
    }

    /** The authorizer's decision and latency, or null when none ran. */
    public @Nullable AuthorizerTiming authorizer() {
        return authorizer;
    }

    /** Records the authorizer's decision and latency. */
    public void authorizer(AuthorizerTiming timing) {
        if (!observed) {
            return;
        }
        this.authorizer = timing;
    }

    /** Marks the integration as called at {@code nanos}; {@code propagation} (may be empty) goes to the backend. */
    public void integrationStarted(long nanos, Map<String, String> propagation) {
        if (!observed) {
            return;
        }
        this.integrationStart = nanos;
        this.traceHeaders = propagation;
    }

    /** Marks the integration's reply (status and headers) as received at {@code nanos}. */
    public void integrationEnded(long nanos, int status) {
        if (!observed) {
            return;
        }
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
    public @Nullable String apiKeyId() {
        return apiKeyId;
    }

    /** Records the id of the API key the request is metered with. */
    public void apiKeyId(String id) {
        if (!observed) {
            return;
        }
        this.apiKeyId = id;
    }
}
