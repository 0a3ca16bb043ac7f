package io.tollgate.core.pipeline;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problem;

import java.util.List;

/**
 * A feature's check of the APIs it will serve, run before anything is compiled: every problem of every check is
 * reported together, and the gateway is not built.
 */
@FunctionalInterface
public interface ModelCheck {

    /** The problems, each named by its path relative to {@code tollgate.apis} ({@code shop.routes[0].authorizer}). */
    List<Problem> check(List<Api> apis);
}
