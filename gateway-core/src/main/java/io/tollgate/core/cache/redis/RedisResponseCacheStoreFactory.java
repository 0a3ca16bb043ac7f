package io.tollgate.core.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Objects;

/**
 * Makes the stage caches of a gateway {@link RedisResponseCacheStore}s on one connection, prefix and timeout: hand it to
 * {@link io.tollgate.core.cache.StageCaches} (or declare it as the {@code ResponseCacheStore.Factory} bean of a Spring
 * application) and every instance on the same Redis and prefix shares each stage's cache. A stage's
 * {@code capacity} does not apply: Redis's {@code maxmemory} bounds the cache (see {@link RedisResponseCacheStore}).
 * Its stores count their failures together ({@link #failures()}), for a metric, and {@link #ping()} tells whether
 * Redis answers, for a health check.
 * <pre>{@code
 * RedisClient client = RedisClient.create();
 * RedisConnector redis = new RedisConnector(client, RedisURI.create("redis://127.0.0.1:6379"));
 * StageCaches caches = new StageCaches(new RedisResponseCacheStoreFactory(redis, "tollgate:", Duration.ofMillis(500)));
 * Gateway gateway = Gateway.builder().api(api)
 *         .feature(new CacheFeature(caches, CacheInvalidationPolicy.CONFIGURED,
 *                 CacheStepFactory.DEFAULT_STATUS_HEADER, CacheStepFactory.DEFAULT_COALESCE_WAIT))
 *         .build();
 * // ... on shutdown: redis.close(); client.shutdown();
 * }</pre>
 */
public final class RedisResponseCacheStoreFactory implements ResponseCacheStore.Factory {

    private final RedisConnector connector;
    private final String prefix;
    private final Duration timeout;
    private final StoreFailures failures;

    /**
     * @param connector the connection (shared; the caller closes it)
     * @param prefix    the prefix of every Redis key (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param timeout   how long one command may take before a lookup is a miss and a write is skipped
     */
    public RedisResponseCacheStoreFactory(RedisConnector connector, String prefix, Duration timeout) {
        this(connector, prefix, timeout, Ticker.systemTicker());
    }

    /** The same, its WARN lines spaced on {@code ticker} (tests move it instead of waiting). */
    public RedisResponseCacheStoreFactory(RedisConnector connector, String prefix, Duration timeout, Ticker ticker) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        this.timeout = RedisResponseCacheStore.requirePositive(timeout);
        this.failures = new StoreFailures(Objects.requireNonNull(ticker, "ticker"));
    }

    @Override
    public RedisResponseCacheStore create(String api, String stage, StageCache settings) {
        return new RedisResponseCacheStore(connector, prefix, api, stage, timeout, failures);
    }

    /** How many operations of the stores made here failed (Redis unreachable, slow, an error, an unreadable entry). */
    public long failures() {
        return failures.count();
    }

    /** The prefix of every Redis key of the stores. */
    public String prefix() {
        return prefix;
    }

    /** The time a {@code PING} took, or an error when Redis does not answer within the timeout. Not a failure. */
    public Mono<Duration> ping() {
        return connector.ping(timeout);
    }
}
