package io.tollgate.core.function;

/**
 * A function that blocks (JDBC, a blocking client): run off the event loop on the gateway's bounded function
 * executor, interrupted when the integration times out.
 */
@FunctionalInterface
public interface BlockingGatewayFunction {

    Object invoke(Object event, FunctionContext context) throws Exception;
}
