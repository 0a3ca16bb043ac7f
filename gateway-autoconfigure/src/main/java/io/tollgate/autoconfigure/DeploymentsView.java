package io.tollgate.autoconfigure;

import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.server.deploy.CanaryAbort;
import io.tollgate.core.server.deploy.CanarySettings;
import io.tollgate.core.server.deploy.DefinitionDiff;
import io.tollgate.core.server.deploy.Deployment;
import io.tollgate.core.server.deploy.StageState;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@code /actuator/tollgate} shows deployments, stages and differences: a deployment without its definition (and
 * the stages that serve it), a stage with its settings, a definition or a difference with stage variable values and
 * URI passwords masked.
 */
final class DeploymentsView {

    private static final String MASK = "******";

    private DeploymentsView() {
    }

    /** A deployment without its definition, with the stages (of {@code all}) that serve it. */
    static Map<String, Object> summary(Deployment deployment, List<StageState> all) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", deployment.id());
        values.put("api", deployment.api());
        values.put("description", deployment.description());
        values.put("createdAt", deployment.createdAt().toString());
        List<String> stages = new ArrayList<>();
        List<String> canaryOf = new ArrayList<>();
        for (StageState state : all) {
            if (state.api().equals(deployment.api())) {
                if (state.deploymentId().equals(deployment.id())) {
                    stages.add(state.name());
                }
                if (state.canary() != null && state.canary().deploymentId().equals(deployment.id())) {
                    canaryOf.add(state.name());
                }
            }
        }
        values.put("stages", stages);
        values.put("canaryOf", canaryOf);
        return values;
    }

    static Map<String, Object> stage(StageState state) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("api", state.api());
        values.put("stage", state.name());
        values.put("deploymentId", state.deploymentId());
        values.put("history", state.history());
        values.put("pathPrefix", state.stage().pathPrefix().isEmpty() ? "/" : state.stage().pathPrefix());
        values.put("variables", state.stage().variables().keySet().stream().sorted().toList());
        values.put("throttle", state.stage().throttle());
        values.put("routeThrottles", new TreeMap<>(state.stage().routeThrottles()));
        Map<String, Object> methodSettings = new LinkedHashMap<>();
        state.stage().methodSettings().forEach((route, setting) -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("loggingLevel", setting.loggingLevel());
            shown.put("metricsEnabled", setting.metricsEnabled());
            shown.put("tracingEnabled", setting.tracingEnabled());
            methodSettings.put(route, shown);
        });
        values.put("methodSettings", methodSettings);
        values.put("cache", state.stage().cache() != null);
        CanarySettings canary = state.canary();
        if (canary != null) {
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("deploymentId", canary.deploymentId());
            split.put("percentTraffic", canary.percentTraffic());
            split.put("stageVariableOverrides", canary.stageVariableOverrides().keySet().stream().sorted().toList());
            split.put("useStageCache", canary.useStageCache());
            if (canary.sticky() != null) {
                split.put("sticky" + (canary.sticky().kind() == CanarySticky.Kind.HEADER ? "Header" : "Cookie"),
                        canary.sticky().name());
            }
            if (canary.abort() != null) {
                CanaryAbort abort = canary.abort();
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("window", abort.window().toString());
                rule.put("minRequests", abort.minRequests());
                rule.put("errorRateMargin", abort.errorRateMargin());
                rule.put("latencyMargin", abort.latencyMargin() == null ? null : abort.latencyMargin().toString());
                split.put("abort", rule);
            }
            values.put("canary", split);
        } else {
            values.put("canary", null);
        }
        values.put("updatedAt", state.updatedAt().toString());
        return values;
    }

    /** What changed from {@code from} to {@code to}, each change and the whole as text, secrets masked. */
    static Map<String, Object> diff(String api, String from, String to, DefinitionDiff diff) {
        List<Map<String, Object>> changes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (DefinitionDiff.Change change : diff.changes()) {
            boolean secret = isSecret(change.path());
            DefinitionDiff.Change shown = secret ? new DefinitionDiff.Change(change.path(),
                    change.before() == null ? null : MASK, change.after() == null ? null : MASK) : change;
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("change", switch (shown.sign()) {
                case '+' -> "added";
                case '-' -> "removed";
                default -> "changed";
            });
            values.put("path", shown.path());
            values.put("before", shown.before());
            values.put("after", shown.after());
            changes.add(values);
            text.append(shown.line()).append('\n');
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("api", api);
        values.put("from", from);
        values.put("to", to);
        values.put("changes", changes);
        values.put("text", changes.isEmpty() ? diff.text() : text.toString());
        return values;
    }

    /** A definition as shown: stage variable values and URI passwords masked. */
    static Object mask(@Nullable Object value) {
        return mask("", value);
    }

    @SuppressWarnings("unchecked")
    private static Object mask(String path, @Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = new LinkedHashMap<>();
            map.forEach((k, v) -> masked.put(String.valueOf(k), mask(path + "." + k, v)));
            return masked;
        }
        if (value instanceof List<?> list) {
            List<Object> masked = new ArrayList<>();
            list.forEach(item -> masked.add(mask(path + "[]", item)));
            return masked;
        }
        if (value == null) {
            return "";
        }
        if (isSecret(path)) {
            return MASK;
        }
        return path.endsWith(".uri") ? SecretMask.uri(String.valueOf(value)) : value;
    }

    /** A stage variable's value (in a definition or a diff's path). */
    private static boolean isSecret(String path) {
        return path.matches("(^|.*\\.)stages\\.[^.]+\\.(variables|canary\\.stage-variable-overrides)\\..*");
    }
}
