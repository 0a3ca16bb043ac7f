package io.tollgate.core.pipeline;

import java.util.Optional;

/**
 * Creates a feature's step for one route of one API stage, or nothing when the route does not use the feature.
 * Called once per route at startup, and once per API stage with no route for the pipeline that answers unmatched
 * requests (so method-response steps such as CORS apply to those too).
 */
@FunctionalInterface
public interface StepFactory {

    Optional<PipelineStep> create(RouteContext route);
}
