package io.tollgate.core.observability;

import io.micrometer.observation.ObservationRegistry;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import org.jspecify.annotations.Nullable;

/** A span per request and per call out ({@link GatewayTracing}); nothing is compiled in without a registry. */
public final class TracingFeature implements GatewayFeature {

    private final Contribution contribution;

    /** @param registry the observations' registry; null for none (the feature then adds nothing) */
    public TracingFeature(@Nullable ObservationRegistry registry) {
        this.contribution = registry == null ? Contribution.NONE : Contribution.listeners(new GatewayTracing(registry));
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
