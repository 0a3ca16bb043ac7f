package io.tollgate.core.policy;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;

/** Resource policies: the client-address allow and deny lists of the APIs that declare one. */
public final class ResourcePolicyFeature implements GatewayFeature {

    private final Contribution contribution = Contribution.steps(new ResourcePolicyStepFactory());

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
