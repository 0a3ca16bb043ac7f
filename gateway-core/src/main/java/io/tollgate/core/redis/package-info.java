/**
 * The Redis connection the features' Redis stores share ({@link io.tollgate.core.redis.RedisConnector}): one Lettuce
 * connection, opened on first use, whatever features keep state in Redis (usage plans and keys, stage caches). It
 * needs {@code io.lettuce:lettuce-core} on the class path (an optional dependency of gateway-core).
 */
@NullMarked
package io.tollgate.core.redis;

import org.jspecify.annotations.NullMarked;
