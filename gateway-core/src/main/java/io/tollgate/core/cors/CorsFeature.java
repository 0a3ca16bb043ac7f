package io.tollgate.core.cors;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;

/** CORS of the APIs that configure it: preflights answered, headers added to every reply. */
public final class CorsFeature implements GatewayFeature {

    private final Contribution contribution = Contribution.steps(new CorsStepFactory());

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
