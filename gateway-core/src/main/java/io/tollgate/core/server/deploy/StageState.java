package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Stage;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where one stage of an API stands: its settings ({@code stage}: variables, path prefix, throttles, cache, and the
 * deployment it serves), the deployments it served before (oldest first: what a rollback returns to), its canary
 * (null: none) and when it last changed.
 */
public record StageState(String api, Stage stage, List<String> history, @Nullable CanarySettings canary,
                         Instant updatedAt) {

    public StageState {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(stage, "stage");
        history = List.copyOf(history);
        Objects.requireNonNull(updatedAt, "updatedAt");
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
