package io.tollgate.core.pipeline;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;

import java.util.Optional;

/** What a factory knows while compiling one route of one API stage. {@code route} is empty for unmatched requests. */
public record RouteContext(Api api, Stage stage, Optional<Route> route) {
}
