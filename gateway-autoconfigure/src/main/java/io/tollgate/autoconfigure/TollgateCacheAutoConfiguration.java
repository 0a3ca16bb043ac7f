package io.tollgate.autoconfigure;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.cache.CacheFeature;
import io.tollgate.core.cache.CacheInvalidationPolicy;
import io.tollgate.core.cache.CacheStepFactory;
import io.tollgate.core.cache.CaffeineResponseCacheStore;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.cache.redis.RedisResponseCacheStoreFactory;
import io.tollgate.core.redis.RedisConnector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage response caches: one store per API stage whose {@code cache.enabled} is true, in this instance (Caffeine) by
 * default, in Redis with {@code tollgate.cache.store=redis} (shared by every instance on the same Redis and
 * {@code tollgate.cache.redis-prefix}), or wherever a {@link ResponseCacheStore.Factory} bean puts them; who may
 * invalidate with {@code Cache-Control: max-age=0} (the stages' {@code invalidators}, or a
 * {@link CacheInvalidationPolicy} bean). {@code tollgate.cache.enabled=false} serves every request from its integration.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateCacheProperties.class)
public final class TollgateCacheAutoConfiguration {

    /**
     * The stores of the stage caches; flushed by {@code DELETE /actuator/tollgate/cache/{api}/{stage}}. A
     * {@code tollgate.cache.store} other than local or redis, or redis without Lettuce, fails startup naming it.
     */
    @Bean
    @ConditionalOnMissingBean
    StageCaches tollgateStageCaches(TollgateCacheProperties properties, ObjectProvider<ResponseCacheStore.Factory> factory) {
        ResponseCacheStore.Factory stores = factory.getIfAvailable();
        StoreSetting.redis("tollgate.cache", properties.store(), stores != null, "ResponseCacheStore.Factory");
        return new StageCaches(stores != null ? stores : CaffeineResponseCacheStore.factory(Ticker.systemTicker()));
    }

    /** The stage caches of the routes, unless {@code tollgate.cache.enabled=false}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
    CacheFeature tollgateCache(TollgateCacheProperties properties, StageCaches caches,
                               ObjectProvider<CacheInvalidationPolicy> policy) {
        String header = properties.statusHeader() == null || properties.statusHeader().isBlank()
                ? null : properties.statusHeader().trim();
        return new CacheFeature(caches, policy.getIfAvailable(() -> CacheInvalidationPolicy.CONFIGURED), header,
                CacheStepFactory.DEFAULT_COALESCE_WAIT);
    }

    /**
     * {@code tollgate.cache.store=redis}: every stage cache in Redis, on the connection Tollgate's Redis stores share
     * ({@link RedisConnectorConfiguration}: the usage store's too, when it is in Redis), under
     * {@code tollgate.cache.redis-prefix}, each command bounded by {@code tollgate.cache.store-timeout}. Nothing
     * connects at startup; while Redis is down or slow, lookups miss and requests go to their integrations.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnProperty(prefix = "tollgate.cache", name = "store", havingValue = "redis")
    @Import(RedisConnectorConfiguration.class)
    static class Redis {

        @Bean
        @ConditionalOnMissingBean(ResponseCacheStore.Factory.class)
        RedisResponseCacheStoreFactory tollgateRedisCacheStores(RedisConnector redis, TollgateCacheProperties properties) {
            List<Problem> problems = new ArrayList<>();
            Duration timeout = properties.storeTimeout();
            RedisConnectorConfiguration.checkStore("tollgate.cache", timeout, properties.redisPrefix(), problems);
            if (!problems.isEmpty() || timeout == null || properties.redisPrefix() == null) {
                throw new InvalidDefinitionException("tollgate.cache", problems);
            }
            return new RedisResponseCacheStoreFactory(redis, properties.redisPrefix(), timeout);
        }

        /** {@code tollgate.cache.store.failures}: how often the shared stage cache failed or was too slow. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
        static class Metrics {

            @Bean
            @ConditionalOnMissingBean(name = "tollgateCacheStoreMetrics")
            MeterBinder tollgateCacheStoreMetrics(ObjectProvider<RedisResponseCacheStoreFactory> stores) {
                return registry -> stores.ifAvailable(redis -> FunctionCounter
                        .builder("tollgate.cache.store.failures", redis, RedisResponseCacheStoreFactory::failures)
                        .description("Times the shared stage cache (Redis) failed, did not answer within the store"
                                + " timeout, or held an entry it could not read; each was a miss or a skipped write")
                        .register(registry));
            }
        }

        /** {@code tollgateCacheStore} in the health endpoint: whether Redis answers (see {@link CacheStoreHealthIndicator}). */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
        static class HealthContribution {

            @Bean
            @ConditionalOnMissingBean(name = "tollgateCacheStoreHealthIndicator")
            CacheStoreHealthIndicator tollgateCacheStoreHealthIndicator(ObjectProvider<RedisResponseCacheStoreFactory> stores) {
                return new CacheStoreHealthIndicator(stores);
            }
        }
    }
}
