package io.tollgate.core.validation;

import io.tollgate.core.api.Route;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;

import java.util.Optional;

/**
 * Adds the request validator to the routes that have one with something to check (required parameters for
 * {@code FULL}/{@code PARAMS_ONLY}, models for {@code FULL}/{@code BODY_ONLY}); other routes get no stage at all.
 * The models were compiled when the API was built.
 */
public final class RequestValidationStepFactory implements StepFactory {

    @Override
    public Optional<PipelineStep> create(RouteContext context) {
        Route route = context.route().orElse(null);
        if (route == null || !route.validation().isActive()) {
            return Optional.empty();
        }
        return Optional.of(new RequestValidationStep(route.validation(), route.maxRequestBodySize()));
    }
}
