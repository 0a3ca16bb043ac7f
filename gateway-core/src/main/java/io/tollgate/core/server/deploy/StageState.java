package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Stage;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where one stage of an API stands: its settings ({@code stage}: variables, path prefix, throttles, cache, and the
 * deployment it serves), the deployments it served before (oldest first: what a rollback returns to), its canary
 * (null: none), when it last changed, and how many times a change asked for its cache to be flushed (so that every
 * instance sharing the store flushes its own when the count moves).
 */
public record StageState(String api, Stage stage, List<String> history, @Nullable CanarySettings canary,
                         Instant updatedAt, long cacheFlushes) {

    public StageState {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(stage, "stage");
        history = List.copyOf(history);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A stage whose cache no change has asked to flush. */
    public StageState(String api, Stage stage, List<String> history, @Nullable CanarySettings canary, Instant updatedAt) {
        this(api, stage, history, canary, updatedAt, 0);
    }

    /** This state with one more flush of the cache asked. */
    StageState flushed() {
        return new StageState(api, stage, history, canary, updatedAt, cacheFlushes + 1);
    }

    public String name() {
        return stage.name();
    }

    public String deploymentId() {
        return stage.deploymentId();
    }

    /** {@code api/stage}: the key of a stage among all. */
    public String key() {
        return key(api, stage.name());
    }

    static String key(String api, String stage) {
        return api + "/" + stage;
    }
}
