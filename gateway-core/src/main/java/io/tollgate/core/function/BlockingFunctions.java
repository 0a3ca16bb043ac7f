package io.tollgate.core.function;

import reactor.core.publisher.Mono;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking functions on a bounded pool of threads, never on an event loop. A cancelled invocation (timeout,
 * client gone) interrupts its thread. A full queue refuses with {@link RejectedExecutionException} (429).
 */
public final class BlockingFunctions implements AutoCloseable {

    private final ExecutorService executor;

    /** A pool of {@code threads} threads with a queue of {@code queue} waiting invocations. */
    public BlockingFunctions(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), runnable -> {
                    Thread thread = new Thread(runnable, "tollgate-function-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** {@code function} as a {@link GatewayFunction} that runs on this pool. */
    public GatewayFunction adapt(BlockingGatewayFunction function) {
        return (event, context) -> run(() -> function.invoke(event, context));
    }

    /**
     * Runs {@code work} on this pool when subscribed; cancelling interrupts it. A full queue fails with
     * {@link RejectedExecutionException}.
     */
    public <T> Mono<T> run(Callable<T> work) {
        return Mono.create(sink -> {
            Future<?> future;
            try {
                future = executor.submit(() -> {
                    try {
                        sink.success(work.call());
                    } catch (Throwable t) {
                        sink.error(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                sink.error(e);
                return;
            }
            sink.onCancel(() -> future.cancel(true));
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
