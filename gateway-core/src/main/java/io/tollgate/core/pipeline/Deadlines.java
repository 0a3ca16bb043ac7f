package io.tollgate.core.pipeline;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Deadlines of the hot path, on one timer wheel (Netty's, as Lettuce's own command timeouts): setting and cancelling
 * one is a lock-free queue operation, where a Reactor {@code timeout} takes a timer of a parallel scheduler (a heap
 * insertion and removal under a lock, and often a wake-up of its thread) per request. Ticks of 10 ms: a deadline fires
 * up to a tick late, which is fine for bounds of hundreds of milliseconds. The wheel's thread is a daemon, started
 * once, here, so that no request thread waits for it.
 */
public final class Deadlines {

    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
            new DefaultThreadFactory("tollgate-deadlines", true), 10, TimeUnit.MILLISECONDS);

    static {
        WHEEL.start();
    }

    private Deadlines() {
    }

    /** Runs {@code task} on the wheel's thread after {@code delay}, unless the returned timeout is cancelled first. */
    public static Timeout schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        return WHEEL.newTimeout(timeout -> task.run(), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * {@code answer} as one value: its value, its emptiness or its error made a value by {@code outcome}, or
     * {@code late}'s value when it has not ended within {@code bound} (then it is cancelled). Only the first end is
     * made a value ({@code outcome} or {@code late} is called once at most, never after a cancellation), and every end
     * is a value, so one that comes after the bound fired is dropped quietly: no error ever reaches a subscriber that
     * has gone (Reactor's {@code onErrorDropped}).
     *
     * @param outcome the outcome of a value (or of none, {@code null}) when {@code error} is null, else of the error
     */
    public static <T, R> Mono<R> within(Mono<T> answer, Duration bound, Outcome<T, R> outcome, Supplier<R> late) {
        return Mono.create(sink -> {
            // the first end claims the outcome: a value, an error, the bound or a cancellation; the others do nothing
            AtomicBoolean ended = new AtomicBoolean();
            Disposable.Swap subscription = Disposables.swap();
            Timeout timer = schedule(bound, () -> {
                if (ended.compareAndSet(false, true)) {
                    // the answer is cancelled before the late value goes on, as Reactor's timeout does
                    subscription.dispose();
                    sink.success(late.get());
                }
            });
            // one disposal for both (a sink keeps one): on the outcome or a cancellation
            sink.onDispose(() -> {
                ended.set(true);
                timer.cancel();
                subscription.dispose();
            });
            // the subscriber's context reaches the answer
            subscription.update(answer.contextWrite(sink.contextView()).subscribe(value -> {
                if (ended.compareAndSet(false, true)) {
                    sink.success(outcome.apply(value, null));
                }
            }, error -> {
                if (ended.compareAndSet(false, true)) {
                    sink.success(outcome.apply(null, error));
                }
            }, () -> {
                if (ended.compareAndSet(false, true)) {
                    sink.success(outcome.apply(null, null));
                }
            }));
        });
    }

    /**
     * {@code answer}, failed with a {@link TimeoutException} when it has not ended within {@code bound} (then it is
     * cancelled): Reactor's {@code timeout(Duration)} on this wheel. Reactor's operator also names its source at each
     * subscription (walking the operator chain, a regular expression per step): a few per cent of a function call's
     * CPU. Only the first end is signalled: an end after the bound fired is dropped quietly.
     */
    public static <T> Mono<T> timeout(Mono<T> answer, Duration bound) {
        return within(answer, bound, (value, error) -> error != null ? Mono.<T>error(error) : Mono.justOrEmpty(value),
                () -> Mono.<T>error(new TimeoutException("Did not observe any item or terminal signal within "
                        + bound.toMillis() + "ms")))
                .flatMap(end -> end);
    }

    /** How an answer (a value, none, or an error) becomes the one value of {@link #within}. */
    @FunctionalInterface
    public interface Outcome<T, R> {

        /** {@code value} (null for none) when {@code error} is null, else {@code error}. */
        R apply(@Nullable T value, @Nullable Throwable error);
    }
}
