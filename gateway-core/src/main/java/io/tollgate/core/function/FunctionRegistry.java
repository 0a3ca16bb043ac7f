package io.tollgate.core.function;

import java.util.Optional;

/** Finds the function a {@code FUNCTION} integration names. */
@FunctionalInterface
public interface FunctionRegistry {

    /** The function named {@code name}, adapted to {@link GatewayFunction}, or empty when there is none. */
    Optional<GatewayFunction> find(String name);
}
