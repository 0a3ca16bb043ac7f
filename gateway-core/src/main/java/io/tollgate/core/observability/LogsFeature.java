package io.tollgate.core.observability;

import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import io.tollgate.core.pipeline.RequestListenerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stages' access logs ({@link AccessLogs}) and execution logs ({@link ExecutionLogs}); a stage with neither is
 * not watched.
 */
public final class LogsFeature implements GatewayFeature {

    private final Contribution contribution;

    /**
     * @param accessLogs    the access log format of each stage that has one
     * @param writer        the writer of access log lines, asked for only when a stage has an access log
     * @param executionLogs the execution log level of each stage that has one
     */
    public LogsFeature(Map<StageRef, AccessLogFormat> accessLogs, Supplier<AccessLogWriter> writer,
                       Map<StageRef, ExecutionLogLevel> executionLogs) {
        List<RequestListenerFactory> listeners = new ArrayList<>();
        if (!accessLogs.isEmpty()) {
            listeners.add(new AccessLogs(accessLogs, writer.get()));
        }
        // always: a stage's method settings may turn a route's execution log on (a route no log watches is not observed)
        listeners.add(new ExecutionLogs(executionLogs));
        this.contribution = new Contribution(List.of(), List.of(), listeners, List.of());
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
