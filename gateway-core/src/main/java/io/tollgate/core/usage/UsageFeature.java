package io.tollgate.core.usage;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;

import java.util.Objects;

/** API keys and usage plans: throttles and quotas metered by {@code control}, whose stores outlive any build. */
public final class UsageFeature implements GatewayFeature {

    private final UsageControl control;
    private final Contribution contribution;

    public UsageFeature(UsageControl control) {
        this.control = Objects.requireNonNull(control, "control");
        UsageStepFactory steps = new UsageStepFactory(control);
        this.contribution = Contribution.steps(steps).withCheck(steps::problems);
    }

    public UsageControl control() {
        return control;
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
