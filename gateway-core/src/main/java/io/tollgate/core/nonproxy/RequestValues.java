package io.tollgate.core.nonproxy;

import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.pipeline.GatewayExchange;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** The value of a REST-style mapping source read from the request. */
public final class RequestValues {

    private RequestValues() {
    }

    /** The value; null when the request has none. */
    public static @Nullable String of(GatewayExchange exchange, ParameterSource source) {
        return switch (source.kind()) {
            case METHOD_REQUEST_HEADER -> exchange.header(source.name());
            case METHOD_REQUEST_QUERYSTRING -> {
                List<String> values = exchange.query().all(source.name());
                yield values.isEmpty() ? null : values.get(0);
            }
            case METHOD_REQUEST_PATH -> exchange.pathParameter(source.name());
            case ROUTE_REQUEST_BODY -> {
                // the message as the integration read it whole; none when nothing read it
                byte[] body = exchange.bufferedBody();
                yield body == null ? null : JsonBodies.read(new String(body, StandardCharsets.UTF_8), source.name());
            }
            // a CONTEXT source has its variable
            case CONTEXT -> exchange.context(Objects.requireNonNull(source.contextVariable()), source.name());
            case STAGE_VARIABLE -> exchange.stageVariable(source.name());
            case STATIC -> source.name();
            default -> null;
        };
    }
}
