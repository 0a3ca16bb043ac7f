package io.tollgate.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * A step a route takes by name, with its arguments: a step that is not built in (an application's own), found by
 * its name among the named steps the gateway was given.
 *
 * @param name the step's name
 * @param args its arguments, as the route gives them
 */
public record StepUse(String name, Map<String, String> args) {

    public StepUse {
        Objects.requireNonNull(name, "name");
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
