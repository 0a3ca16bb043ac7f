package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Problem;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A change of deployments or stages that was refused; nothing changed. {@link #reason()} says why in the terms of an
 * HTTP answer: a missing API, stage or deployment ({@code NOT_FOUND}), an invalid definition or value ({@code INVALID},
 * with every problem and its property path), a change the stage's state does not allow ({@code CONFLICT}), or the
 * deployment store failing ({@code UNAVAILABLE}).
 */
public final class DeploymentException extends RuntimeException {

    /** Why a change was refused. */
    public enum Reason {
        NOT_FOUND(404), INVALID(400), CONFLICT(409), UNAVAILABLE(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status that says it. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final List<Problem> problems;

    public DeploymentException(Reason reason, String message) {
        this(reason, message, List.of(), null);
    }

    public DeploymentException(Reason reason, String message, List<Problem> problems, @Nullable Throwable cause) {
        super(message + (problems.isEmpty() ? "" : problems.stream().map(p -> "\n  " + p.path() + ": " + p.message())
                .collect(Collectors.joining())), cause);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    /** Every problem of an invalid definition, with its property path; empty otherwise. */
    public List<Problem> problems() {
        return problems;
    }
}
