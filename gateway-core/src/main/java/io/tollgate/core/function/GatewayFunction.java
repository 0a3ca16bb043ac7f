package io.tollgate.core.function;

import reactor.core.publisher.Mono;

/**
 * A function a {@code FUNCTION} integration invokes, reactive: it receives AWS's proxy event as JSON-like maps and
 * answers with a proxy response (a map, a JSON string, or, with payload 2.0, any JSON value). It must not block;
 * see {@link BlockingGatewayFunction} for code that does.
 */
@FunctionalInterface
public interface GatewayFunction {

    Mono<?> invoke(Object event, FunctionContext context);
}
