/**
 * Stage caches in Redis, shared by every gateway instance on the same Redis and key prefix
 * ({@link io.tollgate.core.cache.redis.RedisResponseCacheStore}, made per API stage by a
 * {@link io.tollgate.core.cache.redis.RedisResponseCacheStoreFactory}), on the connection the features' Redis stores
 * share ({@link io.tollgate.core.redis.RedisConnector}). They need {@code io.lettuce:lettuce-core} on the class path (an
 * optional dependency of gateway-core).
 */
@NullMarked
package io.tollgate.core.cache.redis;

import org.jspecify.annotations.NullMarked;
