package io.tollgate.autoconfigure;

import io.tollgate.core.server.deploy.Deployments;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code tollgateDeployments} in the health endpoint: {@code UP} while the instance serves what its deployment store
 * holds; {@code OUT_OF_SYNC} when it cannot (the store cannot be reached, or what it holds does not compile here), with
 * the reason: the instance keeps serving its last deployments meanwhile, so the application's overall health is not
 * made {@code DOWN} by it (a status the aggregator does not order is left out of the aggregate).
 */
final class DeploymentsHealthIndicator extends AbstractHealthIndicator {

    /** Serving the last deployments, not those of the store. */
    static final Status OUT_OF_SYNC = new Status("OUT_OF_SYNC", "serving the last deployments, not those of the store");

    private final Deployments deployments;

    DeploymentsHealthIndicator(Deployments deployments) {
        super("Deployment health check failed");
        this.deployments = deployments;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Deployments.Sync sync = deployments.sync();
        builder.status(sync.inSync() ? Status.UP : OUT_OF_SYNC)
                .withDetail("lastSync", sync.since().toString())
                .withDetail("storeVersion", sync.version());
        if (sync.problem() != null) {
            builder.withDetail("problem", sync.problem());
        }
    }
}
