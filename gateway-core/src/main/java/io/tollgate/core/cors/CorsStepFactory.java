package io.tollgate.core.cors;

import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;

import java.util.Optional;

/** Adds the CORS stage to every route, and to the unmatched-request pipeline, of APIs that configure CORS. */
public final class CorsStepFactory implements StepFactory {

    @Override
    public Optional<PipelineStep> create(RouteContext route) {
        return route.api().cors() == null ? Optional.empty() : Optional.of(new CorsStep(route.api().cors()));
    }
}
