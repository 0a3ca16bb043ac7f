package io.tollgate.core.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import org.jspecify.annotations.Nullable;

/** Micrometer meters of every route ({@link GatewayMetrics}); nothing is compiled in without a registry. */
public final class MetricsFeature implements GatewayFeature {

    private final Contribution contribution;

    /**
     * @param registry where the meters go; null for none (the feature then adds nothing)
     * @param options  which meters, with which tags
     */
    public MetricsFeature(@Nullable MeterRegistry registry, MetricsOptions options) {
        this.contribution = registry == null ? Contribution.NONE
                : Contribution.listeners(new GatewayMetrics(registry, options));
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
