package io.tollgate.core.observability;

import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.pipeline.RouteContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Access logs of the API stages that configure a format: one line per request, unmatched and refused requests
 * included, written at INFO to the logger {@code tollgate.access.<api>.<stage>} (route them all with
 * {@value #LOGGER}). With an {@link AccessLogWriter}, the request's thread only renders the line and the writer's
 * thread logs it; without, it is logged on the request's thread.
 */
public final class AccessLogs implements RequestListenerFactory {

    /** The parent of every access logger. */
    public static final String LOGGER = "tollgate.access";

    private final Map<StageRef, AccessLogFormat> formats;
    private final @Nullable AccessLogWriter writer;

    /** Access logs written on the request's thread (a test, or logging that never blocks). */
    public AccessLogs(Map<StageRef, AccessLogFormat> formats) {
        this(formats, null);
    }

    /** Access logs handed to {@code writer}'s thread (null: written on the request's thread). */
    public AccessLogs(Map<StageRef, AccessLogFormat> formats, @Nullable AccessLogWriter writer) {
        this.formats = Map.copyOf(formats);
        this.writer = writer;
    }

    @Override
    public Optional<RequestListener> create(RouteContext route) {
        StageRef stage = StageRef.of(route);
        AccessLogFormat format = formats.get(stage);
        if (format == null) {
            return Optional.empty();
        }
        return Optional.of(new StageLog(format, LoggerFactory.getLogger(LOGGER + "." + stage.loggerSuffix()), writer));
    }

    private record StageLog(AccessLogFormat format, Logger logger, @Nullable AccessLogWriter writer) implements RequestListener, RequestListener.Completion {

        @Override
        public Completion start(GatewayExchange exchange) {
            return this;
        }

        @Override
        public void complete(GatewayExchange exchange, RequestOutcome outcome) {
            if (!logger.isInfoEnabled()) {
                return;
            }
            String line = format.render(exchange, outcome);
            if (writer != null) {
                writer.write(logger, line);
            } else {
                logger.info(line);
            }
        }
    }
}
