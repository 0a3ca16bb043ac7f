package io.tollgate.core.server;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Stage;

/**
 * Watches the stages that have a canary, side by side: told of every request either side answered (for an automatic
 * abort when the canary does worse than its base). Asked once per such stage when a gateway is built.
 */
@FunctionalInterface
public interface CanaryObserver {

    /** Records nothing. */
    CanaryObserver NONE = (api, base, canary) -> Recorder.NONE;

    /** The recorder of one stage ({@code base}) and its canary ({@code canary}, of {@code api}). */
    Recorder recorder(Api api, Stage base, Stage canary);

    /** Told of each answer of a stage with a canary: which side, its status and how long until its head was ready. */
    @FunctionalInterface
    interface Recorder {

        Recorder NONE = (canary, status, nanos) -> {
        };

        void record(boolean canary, int status, long nanos);
    }
}
