package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.observability.AccessLogFormat;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.observability.MetricsOptions;
import io.tollgate.core.observability.StageRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps the stages' logging settings and {@code tollgate.observability.metrics} to the core's; problems name the property. */
final class ObservabilityPropertiesMapper {

    private ObservabilityPropertiesMapper() {
    }

    /** The access log format of each stage that sets one, compiled for its API's type. */
    static Map<StageRef, AccessLogFormat> accessLogs(TollgateProperties properties, List<Api> apis) {
        Map<StageRef, AccessLogFormat> formats = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Api api : apis) {
            TollgateProperties.ApiProperties props = properties.apis().get(api.name());
            if (props == null) {
                continue;
            }
            props.stages().forEach((stage, stageProps) -> {
                if (stageProps == null || stageProps.accessLog() == null) {
                    return;
                }
                String path = "tollgate.apis." + api.name() + ".stages." + stage + ".access-log.format";
                try {
                    AccessLogFormat format = AccessLogFormat.of(stageProps.accessLog().format(), api.type());
                    formats.put(new StageRef(api.name(), stage), format);
                } catch (IllegalArgumentException e) {
                    @SuppressWarnings("NullAway") // AccessLogFormat's refusals say what is wrong
                    Problem problem = new Problem(path, e.getMessage());
                    problems.add(problem);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.apis", problems);
        }
        return formats;
    }

    /** The execution log level of each stage that turns it on. */
    static Map<StageRef, ExecutionLogLevel> executionLogs(TollgateProperties properties) {
        Map<StageRef, ExecutionLogLevel> levels = new HashMap<>();
        properties.apis().forEach((api, props) -> props.stages().forEach((stage, stageProps) -> {
            if (stageProps != null && stageProps.executionLog() != null && stageProps.executionLog() != ExecutionLogLevel.OFF) {
                levels.put(new StageRef(api, stage), stageProps.executionLog());
            }
        }));
        return levels;
    }

    static MetricsOptions metrics(TollgateObservabilityProperties.MetricsProperties metrics) {
        List<Double> percentiles = metrics.percentiles() == null ? List.of() : metrics.percentiles();
        double[] values = new double[percentiles.size()];
        for (int i = 0; i < values.length; i++) {
            Double p = percentiles.get(i);
            if (p == null || !(p >= 0 && p <= 1)) {
                throw new InvalidDefinitionException("tollgate.observability", List.of(new Problem(
                        "tollgate.observability.metrics.percentiles[" + i + "]", "a percentile is between 0 and 1, not " + p)));
            }
            values[i] = p;
        }
        return new MetricsOptions(metrics.percentileHistogram(), values);
    }
}
