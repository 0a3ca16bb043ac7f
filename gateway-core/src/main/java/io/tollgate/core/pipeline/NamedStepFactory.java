package io.tollgate.core.pipeline;

import java.util.Map;

/**
 * A step that routes take by its name, with arguments of their own, as Spring Cloud Gateway's filters: a route lists
 * the steps it wants ({@code tollgate.apis.<api>.routes[i].steps}: a name and its {@code args}). The step's
 * {@link PipelineStep#phase()} and {@link PipelineStep#order()} place it among the built-in steps.
 */
public interface NamedStepFactory {

    /** The name routes give ({@code audit}). */
    String name();

    /**
     * The step for one route, with the arguments the route gave.
     *
     * @throws IllegalArgumentException when the arguments are not what the step takes: startup fails, naming the
     *                                  route's step and this message
     */
    PipelineStep create(RouteContext route, Map<String, String> args);
}
