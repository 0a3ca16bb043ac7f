package io.tollgate.autoconfigure;

import io.tollgate.core.cache.redis.RedisResponseCacheStoreFactory;
import io.tollgate.core.pipeline.RateLimitedLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * {@code tollgateCacheStore} in the health endpoint, with {@code tollgate.cache.store=redis}: {@code UP} while Redis
 * answers a {@code PING} within the store timeout (with the time it took and the failures counted so far);
 * {@code DEGRADED} when it does not, with the reason. A shared cache that cannot be reached only makes every lookup a
 * miss (requests go to their integrations), so it does not make the application {@code DOWN}: a status the aggregator
 * does not order is left out of the aggregate (add it to {@code management.endpoint.health.status.order} to count it).
 * {@code UNKNOWN} when the application replaced Tollgate's Redis stores with a {@code ResponseCacheStore.Factory} of
 * its own.
 */
final class CacheStoreHealthIndicator extends AbstractReactiveHealthIndicator {

    /** Redis does not answer: the stage caches miss, and requests go to their integrations. */
    static final Status DEGRADED = new Status("DEGRADED",
            "the shared stage cache cannot be reached: requests go to their integrations");

    private final ObjectProvider<RedisResponseCacheStoreFactory> stores;

    CacheStoreHealthIndicator(ObjectProvider<RedisResponseCacheStoreFactory> stores) {
        super("Stage cache store health check failed");
        this.stores = stores;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        RedisResponseCacheStoreFactory stores = this.stores.getIfAvailable();
        if (stores == null) {
            return Mono.just(builder.unknown().withDetail("store", "the application's ResponseCacheStore.Factory").build());
        }
        builder.withDetail("store", "redis").withDetail("prefix", stores.prefix());
        return stores.ping()
                .map(took -> builder.up().withDetail("pingMillis", took.toMillis())
                        .withDetail("failures", stores.failures()).build())
                .onErrorResume(error -> Mono.just(builder.status(DEGRADED)
                        .withDetail("failures", stores.failures())
                        .withDetail("problem", RateLimitedLog.oneLine(error)).build()));
    }
}
