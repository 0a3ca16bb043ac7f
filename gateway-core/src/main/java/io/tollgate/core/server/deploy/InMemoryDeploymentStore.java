package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deployments and stages in this instance's memory: nothing installed, and a restart returns to the configuration. */
public final class InMemoryDeploymentStore implements DeploymentStore {

    private final Map<String, Map<String, Deployment>> deployments = new LinkedHashMap<>();
    private final Map<String, StageState> stages = new LinkedHashMap<>();

    @Override
    public synchronized void save(Deployment deployment) {
        deployments.computeIfAbsent(deployment.api(), k -> new LinkedHashMap<>()).put(deployment.id(), deployment);
    }

    @Override
    public synchronized List<Deployment> deployments(String api) {
        Map<String, Deployment> of = deployments.get(api);
        return of == null ? List.of() : List.copyOf(of.values());
    }

    @Override
    public synchronized @Nullable Deployment deployment(String api, String id) {
        Map<String, Deployment> of = deployments.get(api);
        return of == null ? null : of.get(id);
    }

    @Override
    public synchronized void remove(String api, String id) {
        Map<String, Deployment> of = deployments.get(api);
        if (of != null) {
            of.remove(id);
        }
    }

    @Override
    public synchronized List<StageState> stages() {
        return new ArrayList<>(stages.values());
    }

    @Override
    public synchronized void save(StageState stage) {
        stages.put(stage.key(), stage);
    }

    @Override
    public synchronized void removeStage(String api, String stage) {
        stages.remove(StageState.key(api, stage));
    }
}
