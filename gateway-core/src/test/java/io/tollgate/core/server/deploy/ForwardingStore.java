package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A store that hands every operation to another, but never announces changes (its {@code watch} is the default's):
 * tests override what they make fail, or use it as it is for an instance that misses every announcement.
 */
class ForwardingStore implements DeploymentStore {

    private final DeploymentStore store;

    ForwardingStore(DeploymentStore store) {
        this.store = store;
    }

    @Override
    public void save(Deployment deployment) {
        store.save(deployment);
    }

    @Override
    public List<Deployment> deployments(String api) {
        return store.deployments(api);
    }

    @Override
    public @Nullable Deployment deployment(String api, String id) {
        return store.deployment(api, id);
    }

    @Override
    public void remove(String api, String id) {
        store.remove(api, id);
    }

    @Override
    public List<StageState> stages() {
        return store.stages();
    }

    @Override
    public void save(StageState stage) {
        store.save(stage);
    }

    @Override
    public void removeStage(String api, String stage) {
        store.removeStage(api, stage);
    }

    @Override
    public long version() {
        return store.version();
    }
}
