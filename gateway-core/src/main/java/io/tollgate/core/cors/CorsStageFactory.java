package io.tollgate.core.cors;

import io.tollgate.core.pipeline.PipelineStage;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StageFactory;

import java.util.Optional;

/** Adds the CORS stage to every route, and to the unmatched-request pipeline, of APIs that configure CORS. */
public final class CorsStageFactory implements StageFactory {

    @Override
    public Optional<PipelineStage> create(RouteContext route) {
        return route.api().cors() == null ? Optional.empty() : Optional.of(new CorsStage(route.api().cors()));
    }
}
