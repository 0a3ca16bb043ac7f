package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateDeploymentsProperties.CanaryAbortProperties;
import io.tollgate.autoconfigure.TollgateDeploymentsProperties.CanaryProperties;
import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Stage;
import io.tollgate.core.server.deploy.CanaryAbort;
import io.tollgate.core.server.deploy.CanarySettings;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the canaries of {@code tollgate.apis.<api>.stages.<stage>.canary} to their settings (of the stage's first
 * deployment: the deployment id is left empty, and taken when the stage starts), each problem named by its property path.
 */
final class CanaryPropertiesMapper {

    private CanaryPropertiesMapper() {
    }

    /** The configured canaries by {@code api/stage}; the problems of the others are added to {@code problems}. */
    static Map<String, CanarySettings> canaries(TollgateProperties properties, List<Problem> problems) {
        Map<String, CanarySettings> canaries = new LinkedHashMap<>();
        properties.apis().forEach((api, apiProperties) -> {
            if (apiProperties == null) {
                return;
            }
            apiProperties.stages().forEach((stage, stageProperties) -> {
                if (stageProperties == null || stageProperties.canary() == null) {
                    return;
                }
                String path = "tollgate.apis." + api + ".stages." + (stage.startsWith("$") ? "[" + stage + "]" : stage)
                        + ".canary";
                CanarySettings canary = canary(stageProperties.canary(), path, problems);
                if (canary != null) {
                    canaries.put(api + "/" + stage, canary);
                }
            });
        });
        return canaries;
    }

    private static @Nullable CanarySettings canary(CanaryProperties canary, String path, List<Problem> problems) {
        int before = problems.size();
        Double percent = canary.percentTraffic();
        if (percent == null) {
            problems.add(new Problem(path + ".percent-traffic", "must be set: the share of requests the canary serves,"
                    + " 0.0 to 100.0"));
        } else if (!(percent >= 0.0 && percent <= 100.0)) {
            problems.add(new Problem(path + ".percent-traffic", "must be between 0.0 and 100.0, was " + percent));
        }
        Map<String, String> overrides = canary.stageVariableOverrides() == null ? Map.of() : canary.stageVariableOverrides();
        overrides.keySet().stream().filter(name -> !Stage.isVariableName(name)).forEach(name ->
                problems.add(new Problem(path + ".stage-variable-overrides[" + name + "]", Stage.VARIABLE_NAME_RULE)));
        CanarySticky sticky = null;
        if (canary.stickyHeader() != null && canary.stickyCookie() != null) {
            problems.add(new Problem(path + ".sticky-cookie", "set sticky-header or sticky-cookie, not both"));
        } else if (canary.stickyHeader() != null || canary.stickyCookie() != null) {
            boolean header = canary.stickyHeader() != null;
            String name = header ? canary.stickyHeader() : canary.stickyCookie();
            if (name == null || name.isBlank()) {
                problems.add(new Problem(path + (header ? ".sticky-header" : ".sticky-cookie"), "must not be empty"));
            } else {
                sticky = new CanarySticky(header ? CanarySticky.Kind.HEADER : CanarySticky.Kind.COOKIE,
                        name);
            }
        }
        CanaryAbort abort = canary.abort() == null ? null : abort(canary.abort(), path + ".abort", problems);
        if (problems.size() > before || percent == null) {
            return null;
        }
        return new CanarySettings("", percent, overrides,
                canary.useStageCache() == null || canary.useStageCache(), sticky, abort);
    }

    /** An abort policy, its defaults filled in; null (with problems added) when a value is out of range. */
    static @Nullable CanaryAbort abort(CanaryAbortProperties abort, String path, List<Problem> problems) {
        int before = problems.size();
        Duration window = abort.window() == null ? Duration.ofMinutes(1) : abort.window();
        if (window.isNegative() || window.isZero()) {
            problems.add(new Problem(path + ".window", "must be positive, was " + window));
        }
        long minRequests = abort.minRequests() == null ? 100 : abort.minRequests();
        if (minRequests < 1) {
            problems.add(new Problem(path + ".min-requests", "must be at least 1, was " + minRequests));
        }
        double margin = abort.errorRateMargin() == null ? 0.05 : abort.errorRateMargin();
        if (!(margin >= 0.0 && margin <= 1.0)) {
            problems.add(new Problem(path + ".error-rate-margin", "must be between 0.0 and 1.0, was " + margin));
        }
        if (abort.latencyMargin() != null && abort.latencyMargin().isNegative()) {
            problems.add(new Problem(path + ".latency-margin", "must not be negative, was " + abort.latencyMargin()));
        }
        return problems.size() > before ? null : new CanaryAbort(window, minRequests, margin, abort.latencyMargin());
    }
}
