package io.tollgate.core.pipeline;

import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

/**
 * How a request ended, as its {@link RequestListener}s see it.
 *
 * @param status         the status sent to the client
 * @param responseLength the body bytes sent ({@code $context.responseLength})
 * @param error          the gateway error the gateway answered with, or null when the reply came from the integration
 *                       (or a cache)
 * @param latencyNanos   from the request's arrival until the reply was sent ({@code $context.responseLatency})
 * @param failure        what went wrong unexpectedly inside the gateway (answered with a 500), or null
 */
public record RequestOutcome(int status, long responseLength, @Nullable GatewayError error, long latencyNanos,
                             @Nullable Throwable failure) {

    /** Whether the gateway answered with a gateway error (4XX/5XX of its own). */
    public boolean isGatewayError() {
        return error != null;
    }
}
