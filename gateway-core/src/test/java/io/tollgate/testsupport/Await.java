package io.tollgate.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for what another thread does (a log line written, a span ended, a reply completed), looking every
 * millisecond, up to a limit, then fails naming what it waited for. The one polling helper of the tests: nothing
 * sleeps a fixed time.
 */
public final class Await {

    /** How long anything is waited for unless a test says otherwise. */
    public static final Duration LIMIT = Duration.ofSeconds(10);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails after {@link #LIMIT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, LIMIT, condition);
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        value(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The value {@code probe} finds first; fails after {@link #LIMIT}. */
    public static <T> T value(String what, Supplier<Optional<T>> probe) {
        return value(what, LIMIT, probe);
    }

    public static <T> T value(String what, Duration limit, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("waited " + limit.toMillis() + " ms for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
