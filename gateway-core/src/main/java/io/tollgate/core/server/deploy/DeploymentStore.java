package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Where deployments and stage pointers are kept. {@link InMemoryDeploymentStore} is the default (a restart returns to
 * the configuration); a shared store ({@link RedisDeploymentStore}) lets several instances serve the same deployments.
 * Called off the event loop, one change at a time; an operation that cannot reach the store throws.
 */
public interface DeploymentStore {

    void save(Deployment deployment);

    /** The deployments of {@code api}, oldest first. */
    List<Deployment> deployments(String api);

    @Nullable Deployment deployment(String api, String id);

    void remove(String api, String id);

    /** Every stage of every API. */
    List<StageState> stages();

    void save(StageState stage);

    void removeStage(String api, String stage);

    /**
     * A number that changes with every change of the store, whichever instance made it (0 for a store only this
     * instance changes): what a periodic reconcile compares.
     */
    default long version() {
        return 0;
    }

    /**
     * Calls {@code onChange} (on a thread of the store's) each time another instance may have changed the store, until
     * the returned handle is closed; throws when the store cannot be reached (the caller tries again later). A store
     * only this instance changes never calls it.
     */
    default AutoCloseable watch(Runnable onChange) {
        return () -> {
        };
    }
}
