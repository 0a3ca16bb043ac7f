/**
 * The usage stores in Redis, shared by every gateway instance that uses the same Redis and key prefix: token buckets
 * ({@link io.tollgate.core.usage.redis.RedisRateLimiterStore}), quota counters
 * ({@link io.tollgate.core.usage.redis.RedisQuotaStore}) and API keys
 * ({@link io.tollgate.core.usage.redis.RedisApiKeyRepository}). They need {@code io.lettuce:lettuce-core} on the class path (an optional
 * dependency of gateway-core). A standalone Redis, a Sentinel-monitored primary or a Redis Cluster
 * ({@link io.tollgate.core.redis.RedisConnector#cluster}): every script touches the keys of one hash slot.
 * <p>
 * Wiring: the application owns one Lettuce {@code RedisClient}; one {@link io.tollgate.core.redis.RedisConnector}
 * on it holds the single connection the three stores share; each store takes the connector, a key prefix and a
 * timeout per operation. Nothing connects until the first operation. Closing: the connector first (it closes its
 * connection), then the client ({@code shutdown}). The stores own nothing and have nothing to close.
 * <pre>{@code
 * RedisClient client = RedisClient.create();
 * RedisConnector redis = new RedisConnector(client, RedisURI.create("redis://127.0.0.1:6379"));
 * RateLimiterStore buckets = new RedisRateLimiterStore(redis, RedisConnector.DEFAULT_PREFIX, RedisConnector.DEFAULT_TIMEOUT);
 * QuotaStore quotas = new RedisQuotaStore(redis, RedisConnector.DEFAULT_PREFIX, RedisConnector.DEFAULT_TIMEOUT);
 * ApiKeyRepository keys = new RedisApiKeyRepository(redis, RedisConnector.DEFAULT_PREFIX, RedisConnector.DEFAULT_TIMEOUT);
 * // ... on shutdown:
 * redis.close();
 * client.shutdown();
 * }</pre>
 * Every operation is non-blocking; its Mono fails (never hangs) when Redis cannot be reached or does not answer
 * within the timeout, and the caller applies its fail-open or fail-closed policy. Results are signalled on Lettuce's
 * I/O threads.
 */
@NullMarked
package io.tollgate.core.usage.redis;

import org.jspecify.annotations.NullMarked;
