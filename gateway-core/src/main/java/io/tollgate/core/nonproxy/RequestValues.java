package io.tollgate.core.nonproxy;

import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.pipeline.GatewayExchange;

import java.util.List;

/** The value of a REST-style mapping source read from the request. */
public final class RequestValues {

    private RequestValues() {
    }

    public static String of(GatewayExchange exchange, ParameterSource source) {
        return switch (source.kind()) {
            case METHOD_REQUEST_HEADER -> exchange.header(source.name());
            case METHOD_REQUEST_QUERYSTRING -> {
                List<String> values = exchange.query().all(source.name());
                yield values.isEmpty() ? null : values.get(0);
            }
            case METHOD_REQUEST_PATH -> exchange.pathParameter(source.name());
            case CONTEXT -> exchange.context(source.contextVariable(), source.name());
            case STAGE_VARIABLE -> exchange.stageVariable(source.name());
            case STATIC -> source.name();
            default -> null;
        };
    }
}
