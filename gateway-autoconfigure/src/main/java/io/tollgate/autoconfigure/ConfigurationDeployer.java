package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.deploy.ApiDefinitions;
import io.tollgate.core.server.deploy.DefinitionDiff;
import io.tollgate.core.server.deploy.DeploymentException;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.StageState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Deploys the APIs of one source of configuration (a watched file, the environment after a refresh) when they change
 * there. An API is deployed when its definition in the source changed since the source was last applied (or the source
 * is read for the first time) and differs from the definition a stage it defines there serves: one new deployment of
 * it, deployed to each such stage (a stage it does not have yet is created with the settings the source gives it); the
 * stage variables and throttle the source changes on a stage that exists are changed as well, and the ones it does not
 * change stay as they are (an operator's changes included). Every changed API is read and checked before anything is
 * deployed: one invalid API changes nothing, and all the problems are logged at once, by property path. A stage with a
 * canary keeps its deployment (a warning says so); it is tried again with the source's next change. An API removed
 * from the source is left as it is. Blocks while gateways compile: never call it on an event loop.
 */
final class ConfigurationDeployer {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationDeployer.class);
    static final String PREFIX = "tollgate.apis";

    private final Deployments deployments;
    private final ApiDefinitions reader;
    private final String source;
    /** The source as the start of a log line. */
    private final String label;
    /** Each API's definition as the source gave it when it was last applied to all of its stages. */
    private final Map<String, Map<String, Object>> applied = new HashMap<>();
    /** Why the last change could not be made, when it will be tried again (said once until it changes). */
    private @Nullable String failing;

    /**
     * @param source   what the source is, in log lines and as the description of its deployments ({@code configuration
     *                 file /etc/gateway/apis.yml})
     * @param baseline the definitions the source held when the gateway started from it (empty: none)
     */
    ConfigurationDeployer(Deployments deployments, ApiDefinitions reader, String source,
                          Map<String, Map<String, Object>> baseline) {
        this.deployments = deployments;
        this.reader = reader;
        this.source = source;
        this.label = Character.toUpperCase(source.charAt(0)) + source.substring(1);
        this.applied.putAll(baseline);
    }

    /** What one change of the source did. */
    record Outcome(List<String> deployed, Map<String, String> skipped, List<Problem> problems, boolean retry) {

        static final Outcome NOTHING = new Outcome(List.of(), Map.of(), List.of(), false);

        Outcome {
            deployed = List.copyOf(deployed);
            skipped = Map.copyOf(skipped);
            problems = List.copyOf(problems);
        }

        /** The result of an invalid change: its problems, and nothing deployed. */
        static Outcome invalid(List<Problem> problems) {
            return new Outcome(List.of(), Map.of(), problems, false);
        }
    }

    /** The definitions of every API under {@code tollgate.apis} in {@code sources} (the first wins), by name. */
    static Map<String, Map<String, Object>> definitions(List<PropertySource<?>> sources) {
        ConfigurableEnvironment environment = new AbstractEnvironment() {
        };
        for (PropertySource<?> source : sources) {
            environment.getPropertySources().addLast(source);
        }
        return definitions(environment);
    }

    /** The definitions of every API under {@code tollgate.apis} in {@code environment}, by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> definitions(Environment environment) {
        Map<String, Map<String, Object>> apis = new LinkedHashMap<>();
        DefinitionTrees.read(environment, PREFIX).forEach((name, tree) ->
                apis.put(name, tree instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of()));
        return apis;
    }

    /** Deploys what changed in {@code apis} (the source's definitions, by API name). */
    synchronized Outcome apply(Map<String, Map<String, Object>> apis) {
        applied.keySet().retainAll(apis.keySet()); // an API removed from the source, then added back, is compared anew
        Map<String, Map<String, Object>> changed = new LinkedHashMap<>();
        apis.forEach((name, definition) -> {
            Map<String, Object> before = applied.get(name);
            if (before == null || !same(before, definition)) {
                changed.put(name, definition);
            }
        });
        if (changed.isEmpty()) {
            return Outcome.NOTHING;
        }
        try {
            Outcome outcome = deploy(changed);
            failing = null;
            return outcome;
        } catch (DeploymentException e) {
            // the store failed (the next check tries again: said once), or the change cannot be made: nothing more done
            boolean retry = e.reason() == DeploymentException.Reason.UNAVAILABLE;
            if (!retry || !String.valueOf(e.getMessage()).equals(failing)) {
                log.warn("{}: not deployed: {}", label, e.getMessage());
            }
            failing = retry ? String.valueOf(e.getMessage()) : null;
            return new Outcome(List.of(), Map.of(), e.problems(), retry);
        }
    }

    /** One API as the source defines it now: its definition and its model (equal when of the same API). */
    private record Change(String api, Map<String, Object> definition, Api model) {

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Change change && change.api.equals(api);
        }

        @Override
        public int hashCode() {
            return api.hashCode();
        }
    }

    private Outcome deploy(Map<String, Map<String, Object>> definitions) {
        // 1. every changed API is read and checked before anything is deployed
        List<Problem> problems = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        definitions.forEach((name, definition) -> {
            try {
                changes.add(new Change(name, definition, reader.read(name, definition)));
            } catch (InvalidDefinitionException e) {
                problems.addAll(e.problems());
            }
        });
        if (!problems.isEmpty()) {
            return refused(problems);
        }
        // 2. the stages that do not serve the new definition yet, and the deployment that each API gives them: a new
        // one, or the one another of its stages serves if it holds the same definition
        List<StageState> stages = deployments.stages();
        Map<Change, List<String>> targets = new LinkedHashMap<>();
        Map<Change, String> ids = new HashMap<>();
        for (Change change : changes) {
            List<String> stale = new ArrayList<>();
            for (Stage stage : change.model().stages()) {
                StageState current = find(stages, change.api(), stage.name());
                if (current == null || !same(definition(change.api(), current.deploymentId()), change.definition())) {
                    stale.add(stage.name());
                }
            }
            if (stale.isEmpty()) {
                applied.put(change.api(), change.definition()); // every stage it defines serves it already
                continue;
            }
            targets.put(change, stale);
            for (StageState state : stages) {
                if (state.api().equals(change.api())
                        && same(definition(change.api(), state.deploymentId()), change.definition())) {
                    ids.put(change, state.deploymentId());
                }
            }
        }
        for (Change change : targets.keySet()) {
            if (ids.containsKey(change)) {
                continue;
            }
            try {
                ids.put(change, deployments.create(change.api(), change.definition(), source).id());
            } catch (DeploymentException e) {
                if (e.reason() != DeploymentException.Reason.INVALID) {
                    throw e;
                }
                problems.addAll(e.problems().isEmpty()
                        ? List.of(new Problem(PREFIX + "." + change.api(), message(e))) : e.problems());
            }
        }
        if (!problems.isEmpty()) {
            return refused(problems);
        }
        // 3. each stage in turn: one that refuses keeps its deployment, and the others go on
        List<String> deployed = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        targets.forEach((change, stale) -> {
            String id = Objects.requireNonNull(ids.get(change));
            List<String> served = new ArrayList<>();
            for (String stage : stale) {
                StageState current = find(stages, change.api(), stage);
                try {
                    deployments.deploy(change.api(), stage, id, false);
                } catch (DeploymentException e) {
                    if (e.reason() == DeploymentException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                    skipped.put(change.api() + "/" + stage, message(e));
                    log.warn("{}: stage '{}' of api '{}' {}: {}", label, stage, change.api(), current == null
                            ? "is not created" : "keeps deployment '" + current.deploymentId() + "'", message(e));
                    continue;
                }
                served.add(stage);
                if (current != null && !updateSettings(change, current)) {
                    skipped.put(change.api() + "/" + stage, "settings not changed");
                }
            }
            if (!served.isEmpty()) {
                log.info("{}: deployment '{}' of api '{}' deployed to stage{} {}", label, id, change.api(),
                        served.size() == 1 ? "" : "s", String.join(", ", served));
                served.forEach(stage -> deployed.add(change.api() + "/" + stage));
            }
            if (served.size() == stale.size()) {
                applied.put(change.api(), change.definition());
            }
        });
        return new Outcome(deployed, skipped, List.of(), false);
    }

    /**
     * Changes the stage variables and throttle of stage {@code current} that the source changed (from what the
     * definition the stage served gave it); returns whether they are as the source says now.
     */
    private boolean updateSettings(Change change, StageState current) {
        Stage wanted = change.model().stage(current.name());
        if (wanted == null) {
            return true;
        }
        Stage before = definedStage(change.api(), current);
        Map<String, @Nullable String> variables = new LinkedHashMap<>();
        wanted.variables().forEach((name, value) -> {
            if (!value.equals(before.variables().get(name))) {
                variables.put(name, value);
            }
        });
        before.variables().keySet().forEach(name -> {
            if (!wanted.variables().containsKey(name)) {
                variables.put(name, null);
            }
        });
        Throttle throttle = wanted.throttle();
        boolean throttleChanged = !Objects.equals(before.throttle(), throttle);
        if (variables.isEmpty() && !throttleChanged) {
            return true;
        }
        try {
            deployments.update(change.api(), current.name(), variables, throttleChanged ? throttle : null,
                    throttleChanged && throttle == null);
            return true;
        } catch (DeploymentException e) {
            if (e.reason() == DeploymentException.Reason.UNAVAILABLE) {
                throw e;
            }
            log.warn("{}: the stage variables and throttle of stage '{}' of api '{}' are not changed: {}", label,
                    current.name(), change.api(), message(e));
            return false;
        }
    }

    /**
     * The stage's settings as the definition it served gave them (what the source's settings are compared with, so
     * the stage's own changes stay), or as they are when that definition is unknown.
     */
    private Stage definedStage(String api, StageState current) {
        Map<String, Object> definition = definition(api, current.deploymentId());
        if (!definition.isEmpty()) {
            try {
                Stage defined = reader.read(api, definition).stage(current.name());
                if (defined != null) {
                    return defined;
                }
            } catch (InvalidDefinitionException e) {
                // served, so it was valid when deployed; compared with the stage as it is
            }
        }
        return current.stage();
    }

    private Outcome refused(List<Problem> problems) {
        log.warn("{}: nothing deployed, the configuration is invalid:{}", label, problems.stream()
                .map(p -> "\n  " + p.path() + ": " + p.message()).collect(Collectors.joining()));
        return Outcome.invalid(problems);
    }

    /** The definition deployment {@code id} of {@code api} holds (empty when it has none or is gone). */
    private Map<String, Object> definition(String api, String id) {
        try {
            return deployments.deployment(api, id).definition();
        } catch (DeploymentException e) {
            if (e.reason() == DeploymentException.Reason.NOT_FOUND) {
                return Map.of();
            }
            throw e;
        }
    }

    /** The exception's message on one line. */
    private static String message(DeploymentException e) {
        return String.valueOf(e.getMessage()).replace('\n', ' ');
    }

    private static @Nullable StageState find(List<StageState> stages, String api, String stage) {
        for (StageState state : stages) {
            if (state.api().equals(api) && state.name().equals(stage)) {
                return state;
            }
        }
        return null;
    }

    /** Whether two definitions say the same (a value written as text or as a number alike; routes by route key). */
    private static boolean same(Map<String, Object> a, Map<String, Object> b) {
        return !a.isEmpty() && DefinitionDiff.of("", a, "", b).changes().isEmpty();
    }
}
