package io.tollgate.core.function;

import java.time.Duration;

/**
 * What a function knows about its invocation, like Lambda's {@code Context}: the request id, its own name, and the
 * time it has left before the integration times out.
 */
public interface FunctionContext {

    /** The gateway request id ({@code $context.requestId}). */
    String requestId();

    String functionName();

    /** The time left before the integration timeout; never negative. */
    Duration remainingTime();

    /** A context whose time runs out {@code timeout} from now. */
    static FunctionContext of(String requestId, String functionName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return new FunctionContext() {
            @Override
            public String requestId() {
                return requestId;
            }

            @Override
            public String functionName() {
                return functionName;
            }

            @Override
            public Duration remainingTime() {
                return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            }
        };
    }
}
