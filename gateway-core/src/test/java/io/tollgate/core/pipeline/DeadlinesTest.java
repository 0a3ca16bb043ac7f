package io.tollgate.core.pipeline;

import io.tollgate.testsupport.Await;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Deadlines#within}: every end of the answer is one value, the bound cancels it, nothing late is dropped loudly;
 * {@link Deadlines#timeout}: Reactor's {@code timeout} on the wheel, the same way.
 */
class DeadlinesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static Mono<String> within(Mono<String> answer, Duration bound) {
        return Deadlines.within(answer, bound,
                (value, error) -> error != null ? "error:" + error.getMessage() : value == null ? "empty" : "value:" + value,
                () -> "late");
    }

    @Test
    void aValueAnEmptinessAndAnErrorEachBecomeOneValue() {
        StepVerifier.create(within(Mono.just("a"), LONG)).expectNext("value:a").verifyComplete();
        StepVerifier.create(within(Mono.empty(), LONG)).expectNext("empty").verifyComplete();
        StepVerifier.create(within(Mono.error(new IllegalStateException("down")), LONG))
                .expectNext("error:down").verifyComplete();
    }

    @Test
    void anAnswerThatDoesNotComeWithinTheBoundIsLateAndCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(within(Mono.<String>never().doOnCancel(() -> cancelled.set(true)), Duration.ofMillis(50)))
                .expectNext("late").expectComplete().verify(Duration.ofSeconds(5));
        assertThat(cancelled).isTrue();
    }

    @Test
    void anErrorAfterTheBoundIsNeverDroppedIntoReactorsHandler() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            Sinks.One<String> answer = Sinks.one();
            StepVerifier.create(within(answer.asMono(), Duration.ofMillis(20)))
                    .expectNext("late").expectComplete().verify(Duration.ofSeconds(5));
            // the subscription is cancelled with the bound (on the wheel's thread, just after the late value)
            Await.until("the answer to lose its subscriber", () -> answer.currentSubscriberCount() == 0);
            answer.tryEmitError(new IllegalStateException("too late"));
            // only this test's error counts: the hook is global, and a connection of an earlier test class that
            // resets late may drop its own error into it meanwhile
            assertThat(dropped).noneMatch(error -> "too late".equals(error.getMessage()));
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void aCallerThatGivesUpCancelsTheAnswerAndNoOutcomeIsMadeAfter() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger outcomes = new AtomicInteger();
        Sinks.One<String> answer = Sinks.one();
        StepVerifier.create(Deadlines.within(answer.asMono().doOnCancel(() -> cancelled.set(true)), LONG,
                        (value, error) -> "n" + outcomes.incrementAndGet(), () -> "late" + outcomes.incrementAndGet()))
                .thenCancel().verify(Duration.ofSeconds(5));
        assertThat(cancelled).isTrue();
        answer.tryEmitError(new IllegalStateException("after the caller left"));
        assertThat(outcomes).hasValue(0);
    }

    @Test
    void aTimeoutPassesEveryEndOnAndFailsWithATimeoutExceptionPastTheBound() {
        StepVerifier.create(Deadlines.timeout(Mono.just("a"), LONG)).expectNext("a").verifyComplete();
        StepVerifier.create(Deadlines.timeout(Mono.<String>empty(), LONG)).verifyComplete();
        StepVerifier.create(Deadlines.timeout(Mono.<String>error(new IllegalStateException("no")), LONG))
                .verifyErrorMessage("no");
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(Deadlines.timeout(Mono.<String>never().doOnCancel(() -> cancelled.set(true)),
                        Duration.ofMillis(30)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("within 30ms"))
                .verify(Duration.ofSeconds(5));
        Await.until("the late answer cancelled", cancelled::get);
        // the subscriber's context reaches the answer
        StepVerifier.create(Deadlines.timeout(Mono.deferContextual(context -> Mono.just(context.get("who").toString())),
                        LONG).contextWrite(Context.of("who", "caller")))
                .expectNext("caller").verifyComplete();
    }

    @Test
    void anErrorAfterTheTimeoutIsNeverDroppedIntoReactorsHandler() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            Sinks.One<String> answer = Sinks.one();
            StepVerifier.create(Deadlines.timeout(answer.asMono(), Duration.ofMillis(20)))
                    .expectError(TimeoutException.class).verify(Duration.ofSeconds(5));
            Await.until("the answer to lose its subscriber", () -> answer.currentSubscriberCount() == 0);
            answer.tryEmitError(new IllegalStateException("too late for the timeout"));
            assertThat(dropped).noneMatch(error -> "too late for the timeout".equals(error.getMessage()));
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }
}
