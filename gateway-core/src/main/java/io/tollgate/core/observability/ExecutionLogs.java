package io.tollgate.core.observability;

import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.pipeline.AuthorizerTiming;
import io.tollgate.core.pipeline.CacheStatus;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestFacts;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.pipeline.RouteContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Execution logs of the API stages that turn them on: for troubleshooting, how a request went through its pipeline
 * (authorizer decision and latency, cache, integration status and latency, the gateway response), one line per
 * request, to the logger {@code tollgate.execution.<api>.<stage>}. A stage's method settings set the level of one route
 * or of all. Header values, API keys and tokens never appear.
 */
public final class ExecutionLogs implements RequestListenerFactory {

    /** The parent of every execution logger. */
    public static final String LOGGER = "tollgate.execution";

    private final Map<StageRef, ExecutionLogLevel> levels;

    public ExecutionLogs(Map<StageRef, ExecutionLogLevel> levels) {
        this.levels = Map.copyOf(levels);
    }

    @Override
    public Optional<RequestListener> create(RouteContext route) {
        StageRef stage = StageRef.of(route);
        // the route's method setting, else that of all the stage's routes, else the stage's execution log
        ExecutionLogLevel set = route.stage().methodSetting(RouteTags.route(route)).loggingLevel();
        ExecutionLogLevel level = set != null ? set : levels.getOrDefault(stage, ExecutionLogLevel.OFF);
        if (level == ExecutionLogLevel.OFF) {
            return Optional.empty();
        }
        return Optional.of(new StageLog(level == ExecutionLogLevel.INFO, RouteTags.route(route),
                LoggerFactory.getLogger(LOGGER + "." + stage.loggerSuffix())));
    }

    private record StageLog(boolean info, String route, Logger logger) implements RequestListener, RequestListener.Completion {

        @Override
        public Completion start(GatewayExchange exchange) {
            return this;
        }

        @Override
        public void complete(GatewayExchange exchange, RequestOutcome outcome) {
            boolean failed = outcome.status() >= 500 || outcome.failure() != null;
            boolean refused = outcome.isGatewayError() && !failed;
            if (failed) {
                if (logger.isErrorEnabled()) {
                    logger.error(line(exchange, outcome), outcome.failure());
                }
            } else if (refused) {
                if (logger.isWarnEnabled()) {
                    logger.warn(line(exchange, outcome));
                }
            } else if (info && logger.isInfoEnabled()) {
                logger.info(line(exchange, outcome));
            }
        }

        private String line(GatewayExchange exchange, RequestOutcome outcome) {
            StringBuilder line = new StringBuilder(160).append('(').append(exchange.requestId()).append(") ")
                    .append(exchange.request().method()).append(' ').append(exchange.path().raw()).append(" matched ")
                    .append(route);
            RequestFacts facts = exchange.facts();
            AuthorizerTiming authorizer = facts.authorizer();
            if (authorizer != null) {
                line.append("; authorizer ").append(authorizer.type()).append(' ').append(authorizer.outcome())
                        .append(" in ").append(millis(authorizer.nanos())).append(" ms");
            }
            if (exchange.cacheStatus() != CacheStatus.NONE) {
                line.append("; cache ").append(exchange.cacheStatus());
            }
            if (facts.integrationNanos() >= 0) {
                line.append(facts.integrationStatus() >= 0 ? "; integration answered " + facts.integrationStatus()
                        : "; integration failed").append(" in ").append(millis(facts.integrationNanos())).append(" ms");
            }
            if (outcome.error() != null) {
                line.append("; gateway response ").append(outcome.error().type()).append(" \"")
                        .append(outcome.error().message()).append('"');
            }
            return line.append("; answered ").append(outcome.status()).append(" (").append(outcome.responseLength())
                    .append(" bytes) in ").append(millis(outcome.latencyNanos())).append(" ms").toString();
        }

        private static long millis(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }
}
