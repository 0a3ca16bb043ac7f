package io.tollgate.core.pipeline;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;

import java.util.Optional;

/**
 * What a factory knows while compiling one route of one API stage. {@code route} is empty for unmatched requests;
 * {@code observed} says whether requests may be observed ({@link RequestListener}s): a step may then record what it
 * decided and how long it took ({@link RequestFacts}), and otherwise compiles nothing in for it.
 */
public record RouteContext(Api api, Stage stage, Optional<Route> route, boolean observed) {

    /** A context of a gateway whose requests are not observed. */
    public RouteContext(Api api, Stage stage, Optional<Route> route) {
        this(api, stage, route, false);
    }
}
