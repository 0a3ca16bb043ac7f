package io.tollgate.core.policy;

import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;

import java.util.Optional;

/** Adds the resource-policy stage to every route, and to unmatched requests, of APIs that have one. */
public final class ResourcePolicyStepFactory implements StepFactory {

    @Override
    public Optional<PipelineStep> create(RouteContext route) {
        return route.api().resourcePolicy() == null ? Optional.empty()
                : Optional.of(new ResourcePolicyStep(route.api().resourcePolicy()));
    }
}
