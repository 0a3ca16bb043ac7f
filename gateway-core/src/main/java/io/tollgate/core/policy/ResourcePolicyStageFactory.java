package io.tollgate.core.policy;

import io.tollgate.core.pipeline.PipelineStage;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StageFactory;

import java.util.Optional;

/** Adds the resource-policy stage to every route, and to unmatched requests, of APIs that have one. */
public final class ResourcePolicyStageFactory implements StageFactory {

    @Override
    public Optional<PipelineStage> create(RouteContext route) {
        return route.api().resourcePolicy() == null ? Optional.empty()
                : Optional.of(new ResourcePolicyStage(route.api().resourcePolicy()));
    }
}
