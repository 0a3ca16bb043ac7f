package io.tollgate.core.validation;

import io.tollgate.core.api.Route;
import io.tollgate.core.pipeline.PipelineStage;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StageFactory;

import java.util.Optional;

/**
 * Adds the request validator to the routes that have one with something to check (required parameters for
 * {@code FULL}/{@code PARAMS_ONLY}, models for {@code FULL}/{@code BODY_ONLY}); other routes get no stage at all.
 * The models were compiled when the API was built.
 */
public final class RequestValidationStageFactory implements StageFactory {

    @Override
    public Optional<PipelineStage> create(RouteContext context) {
        Route route = context.route().orElse(null);
        if (route == null || !route.validation().isActive()) {
            return Optional.empty();
        }
        return Optional.of(new RequestValidationStage(route.validation(), route.maxRequestBodySize()));
    }
}
