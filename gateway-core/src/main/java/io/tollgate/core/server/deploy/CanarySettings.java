package io.tollgate.core.server.deploy;

import io.tollgate.core.api.CanarySplit;
import io.tollgate.core.api.CanarySticky;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/**
 * A stage's canary, as AWS's canarySettings: the deployment it serves, the share of the stage's requests it takes,
 * the stage variables it overrides, and whether it uses the stage's cache; beyond AWS, what keeps a client on one
 * side ({@code sticky}, null: none) and when the gateway removes it by itself ({@code abort}, null: never).
 */
public record CanarySettings(String deploymentId, double percentTraffic, Map<String, String> stageVariableOverrides,
                             boolean useStageCache, @Nullable CanarySticky sticky, @Nullable CanaryAbort abort) {

    public CanarySettings {
        Objects.requireNonNull(deploymentId, "deploymentId");
        stageVariableOverrides = Map.copyOf(stageVariableOverrides);
    }

    /** These settings for deployment {@code id}. */
    public CanarySettings withDeployment(String id) {
        return new CanarySettings(id, percentTraffic, stageVariableOverrides, useStageCache, sticky, abort);
    }

    /** The split of requests these settings make. */
    public CanarySplit split() {
        return new CanarySplit(percentTraffic, sticky);
    }
}
