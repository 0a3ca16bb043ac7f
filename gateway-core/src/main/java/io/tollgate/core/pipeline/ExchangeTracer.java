package io.tollgate.core.pipeline;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * The trace of one request, recorded on the exchange by the tracing listener when tracing is on: the pipeline opens
 * child spans with it around the authorizer and the integration, and the integration's span writes its propagation
 * headers ({@code traceparent}, B3...) for the backend.
 */
public interface ExchangeTracer {

    /**
     * Opens the integration's span; its propagation headers are put into {@code propagation}, which the integration
     * sends to its backend.
     */
    Step integration(String type, Map<String, String> propagation);

    /** Opens an authorizer's span. */
    Step authorizer(String type);

    /** An open child span. */
    interface Step {

        /** Closes it: {@code outcome} is a short low-cardinality word ({@code allow}, {@code 200}); error may be null. */
        void stop(String outcome, @Nullable Throwable error);
    }
}
