package io.tollgate.autoconfigure;

import io.tollgate.core.function.GatewayFunction;

import java.util.Optional;

/**
 * Turns a bean of another function shape into a {@link GatewayFunction} (AWS Lambda's {@code RequestHandler}, for
 * example). Beans of this type are consulted, in order, for beans the built-in shapes do not cover.
 */
@FunctionalInterface
public interface FunctionAdapter {

    Optional<GatewayFunction> adapt(String name, Object bean);
}
