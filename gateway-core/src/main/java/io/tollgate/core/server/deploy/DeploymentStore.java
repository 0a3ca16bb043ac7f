package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Where deployments and stage pointers are kept. {@link InMemoryDeploymentStore} is the default (a restart returns to
 * the configuration); a shared store lets several instances serve the same deployments. Called off the event loop,
 * one change at a time.
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
}
