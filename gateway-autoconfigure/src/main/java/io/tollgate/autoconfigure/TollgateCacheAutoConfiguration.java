package io.tollgate.autoconfigure;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.cache.CacheFeature;
import io.tollgate.core.cache.CacheInvalidationPolicy;
import io.tollgate.core.cache.CacheStepFactory;
import io.tollgate.core.cache.CaffeineResponseCacheStore;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.cache.StageCaches;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Stage response caches: one store per API stage whose {@code cache.enabled} is true, in this instance (Caffeine)
 * unless a {@link ResponseCacheStore.Factory} bean provides another; who may invalidate with
 * {@code Cache-Control: max-age=0} (the stages' {@code invalidators}, or a {@link CacheInvalidationPolicy} bean).
 * {@code tollgate.cache.enabled=false} serves every request from its integration.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateCacheProperties.class)
public final class TollgateCacheAutoConfiguration {

    /** The stores of the stage caches; flushed by {@code DELETE /actuator/tollgate/cache/{api}/{stage}}. */
    @Bean
    @ConditionalOnMissingBean
    StageCaches tollgateStageCaches(ObjectProvider<ResponseCacheStore.Factory> factory) {
        return new StageCaches(factory.getIfAvailable(() -> CaffeineResponseCacheStore.factory(Ticker.systemTicker())));
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
}
