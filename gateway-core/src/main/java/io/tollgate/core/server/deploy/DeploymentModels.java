package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Stage;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;
import io.tollgate.core.server.deploy.DeploymentException.Reason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The models of deployments and the gateway their stages compile into: each deployment's model read from its
 * definition once (or known from code), and every stage grouped by the deployment it serves, canaries attached.
 * Compiling reuses one {@link GatewayBuilder} (the application's features and settings): its callers serialise.
 */
final class DeploymentModels {

    private final GatewayBuilder gateway;
    private final ApiDefinitions definitions;
    private final UnaryOperator<Problem> problemPaths;
    private final CanaryJudge judge;
    /** How a deployment is found (it may have been created on another instance sharing the store). */
    private final BiFunction<String, String, Deployment> deployments;
    /** Each deployment's model, without stages, by {@code api/id}. */
    private final Map<String, Api> models = new ConcurrentHashMap<>();
    /** The stages each deployment's definition names (what a stage created from it takes), by {@code api/id}. */
    private final Map<String, List<Stage>> stages = new ConcurrentHashMap<>();
    /**
     * The APIs this instance defines in code, by name: what it serves for a deployment of such an API that another
     * instance sharing the store created (it has no definition to read; every instance has the same code).
     */
    private final Map<String, Api> code = new ConcurrentHashMap<>();

    DeploymentModels(GatewayBuilder gateway, ApiDefinitions definitions, UnaryOperator<Problem> problemPaths,
                     CanaryJudge judge, BiFunction<String, String, Deployment> deployments) {
        this.gateway = gateway;
        this.definitions = definitions;
        this.problemPaths = problemPaths;
        this.judge = judge;
        this.deployments = deployments;
    }

    /** Knows deployment {@code id} of {@code model}'s API as {@code model}. */
    void put(String id, Api model) {
        models.put(key(model.name(), id), model.withStages(List.of()));
        stages.put(key(model.name(), id), model.stages());
    }

    /** Knows {@code model} as the API this instance defines in code under its name. */
    void code(Api model) {
        code.put(model.name(), model.withStages(List.of()));
    }

    void remove(String api, String id) {
        models.remove(key(api, id));
        stages.remove(key(api, id));
    }

    /** The model of deployment {@code id} of {@code api}, read from its definition the first time. */
    Api model(String api, String id) {
        Api model = models.get(key(api, id));
        if (model != null) {
            return model;
        }
        Deployment deployment = deployments.apply(api, id);
        if (!deployment.hasDefinition()) {
            Api coded = code.get(api);
            if (coded == null) {
                throw new DeploymentException(Reason.CONFLICT, "deployment '" + id + "' of api '" + api
                        + "' was defined in code on another instance: this one cannot serve it");
            }
            return coded;
        }
        Api read = read(api, deployment.definition());
        put(id, read);
        return read.withStages(List.of());
    }

    /** {@code definition} read into API {@code api}'s model; an invalid one is refused with every problem. */
    Api read(String api, Map<String, Object> definition) {
        try {
            Api model = definitions.read(api, definition);
            if (!model.name().equals(api)) {
                throw new IllegalStateException("read api '" + model.name() + "' for '" + api + "'");
            }
            return model;
        } catch (InvalidDefinitionException e) {
            throw new DeploymentException(Reason.INVALID, "the definition of api '" + api + "' is invalid; nothing"
                    + " changed", e.problems(), e);
        }
    }

    /** The settings a new stage takes: as deployment {@code id} defines it, else the defaults of its name. */
    Stage definedStage(String api, String id, String stage) {
        model(api, id);
        for (Stage defined : stages.getOrDefault(key(api, id), List.of())) {
            if (defined.name().equals(stage)) {
                return defined;
            }
        }
        return new Stage(stage, Map.of(), Stage.defaultPathPrefix(stage));
    }

    /** The gateway that serves {@code states}: each API's stages grouped by the deployment they serve, then canaries. */
    Gateway compile(List<StageState> states) {
        Map<String, List<StageState>> byDeployment = new LinkedHashMap<>();
        List<Api> apis = new ArrayList<>();
        for (StageState state : states) {
            byDeployment.computeIfAbsent(key(state.api(), state.deploymentId()), k -> new ArrayList<>()).add(state);
        }
        byDeployment.forEach((key, group) -> apis.add(model(group.get(0).api(), group.get(0).deploymentId())
                .withStages(group.stream().map(StageState::stage).toList())));
        Map<String, CanaryAbort> policies = new HashMap<>();
        for (StageState state : states) {
            CanarySettings canary = state.canary();
            if (canary != null) {
                if (canary.abort() != null) {
                    policies.put(state.key(), canary.abort());
                }
                Stage side = state.stage().canary(canary.deploymentId(), canary.stageVariableOverrides(),
                        canary.useStageCache(), canary.split());
                apis.add(model(state.api(), canary.deploymentId()).withStages(List.of(side)));
            }
        }
        try {
            return gateway.replaceApis(apis).canaryObserver(judge.observer(policies)).build();
        } catch (InvalidDefinitionException e) {
            throw new DeploymentException(Reason.INVALID, "the change does not compile; nothing changed",
                    e.problems().stream().map(problemPaths).toList(), e);
        }
    }

    private static String key(String api, String id) {
        return api + "/" + id;
    }
}
