package io.tollgate.core.function;

import io.tollgate.core.pipeline.Deadlines;
import io.tollgate.core.pipeline.GatewayExchange;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Invokes one route's function: with its {@link FunctionContext}, cancelled at the integration timeout
 * ({@link java.util.concurrent.TimeoutException}), and refused at once with {@link RejectedExecutionException} when
 * {@code maxConcurrency} invocations are already running.
 */
final class FunctionInvoker {

    private final GatewayFunction function;
    private final String name;
    private final Duration timeout;
    /** The invocations that may run at once; null when unbounded. */
    private final @Nullable Semaphore permits;

    FunctionInvoker(GatewayFunction function, String name, Duration timeout, int maxConcurrency) {
        this.function = function;
        this.name = name;
        this.timeout = timeout;
        this.permits = maxConcurrency > 0 ? new Semaphore(maxConcurrency) : null;
    }

    String name() {
        return name;
    }

    /** The function's result; empty when it answered nothing. */
    Mono<Object> invoke(Object event, GatewayExchange exchange) {
        return Mono.defer(() -> {
            if (permits != null && !permits.tryAcquire()) {
                return Mono.error(new RejectedExecutionException("function '" + name + "' is at its concurrency limit"));
            }
            FunctionContext context = FunctionContext.of(exchange.requestId(), name, timeout);
            Mono<?> invocation;
            try {
                invocation = function.invoke(event, context);
            } catch (RuntimeException e) {
                invocation = Mono.error(e);
            }
            return Deadlines.timeout(invocation.<Object>map(result -> result), timeout)
                    .doFinally(signal -> {
                        if (permits != null) {
                            permits.release();
                        }
                    });
        });
    }
}
