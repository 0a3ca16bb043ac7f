package io.tollgate.core.observability;

import io.tollgate.core.pipeline.RouteContext;

/** An API stage by name, as logging settings are keyed. */
public record StageRef(String api, String stage) {

    static StageRef of(RouteContext context) {
        return new StageRef(context.api().name(), context.stage().name());
    }

    /** The suffix of the stage's loggers: {@code <api>.<stage>}. */
    String loggerSuffix() {
        return api + "." + stage;
    }
}
