package io.tollgate.core.function;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;

/** {@code FUNCTION} integrations: the functions {@code registry} knows, called by name. */
public final class FunctionFeature implements GatewayFeature {

    private final Contribution contribution;

    public FunctionFeature(FunctionRegistry registry) {
        this.contribution = Contribution.integrations(new FunctionIntegrations(registry));
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
