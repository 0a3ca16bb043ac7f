/**
 * WebSocket connections across gateway instances: the registry of which instance holds each connection, in Redis, and
 * the operations of the {@code @connections} API carried to that instance over Redis pub/sub
 * ({@link io.tollgate.core.websocket.redis.RedisConnectionDirectory}). It needs {@code io.lettuce:lettuce-core} on the
 * class path (an optional dependency of gateway-core).
 */
@NullMarked
package io.tollgate.core.websocket.redis;

import org.jspecify.annotations.NullMarked;
