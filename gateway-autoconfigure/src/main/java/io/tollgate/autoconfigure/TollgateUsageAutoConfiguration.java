package io.tollgate.autoconfigure;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.ApiKeyRepository;
import io.tollgate.core.usage.CachingApiKeyRepository;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.LayeredApiKeyRepository;
import io.tollgate.core.usage.QuotaStore;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.redis.RedisApiKeyRepository;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import io.tollgate.core.usage.redis.RedisQuotaStore;
import io.tollgate.core.usage.redis.RedisRateLimiterStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * API keys, usage plans and throttles: {@code tollgate.usage-plans.*}, {@code tollgate.api-keys.*} (or an
 * {@link ApiKeyRepository} bean), stage, route and account throttles, kept in this instance unless a shared store is
 * configured. {@code tollgate.usage.enabled=false} turns metering off.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnProperty(prefix = "tollgate", name = {"enabled", "usage.enabled"}, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateUsageProperties.class)
public final class TollgateUsageAutoConfiguration {

    /** The keys of the configuration, plus those created at runtime (in this instance). */
    @Bean
    @ConditionalOnMissingBean
    ApiKeyRepository tollgateApiKeys(TollgateUsageProperties properties) {
        return new InMemoryApiKeyRepository(configuredKeys(properties));
    }

    @Bean
    @ConditionalOnMissingBean
    UsageControl tollgateUsageControl(TollgateUsageProperties properties, ApiKeyRepository keys,
                                      ObjectProvider<RateLimiterStore> limiter, ObjectProvider<QuotaStore> quotas) {
        List<Problem> problems = new ArrayList<>();
        TollgateUsageProperties.UsageProperties usage = properties.usage();
        UsageControl.Builder builder = UsageControl.builder()
                .plans(UsagePropertiesMapper.plans(properties, Instant.now(), problems))
                .keys(keys)
                .zone(usage.timeZone())
                .failPolicy(usage.failPolicy())
                .storeTimeout(usage.storeTimeout())
                .rateLimitHeaders(usage.rateLimitHeaders());
        TollgateUsageProperties.AccountThrottleProperties account = usage.accountThrottle();
        if (!account.enabled()) {
            builder.account(null);
        } else if (!(account.rateLimit() > 0) || account.burstLimit() < 1) {
            problems.add(new Problem("tollgate.usage.account-throttle", "rate-limit must be positive and burst-limit at least 1"));
        } else {
            builder.account(new Throttle(account.rateLimit(), account.burstLimit()));
        }
        String store = usage.store() == null ? "" : usage.store().trim();
        if (!TollgateUsageProperties.UsageProperties.STORES.contains(store)) {
            problems.add(new Problem("tollgate.usage.store", "'" + usage.store() + "' is not local or redis"));
        } else if (store.equals("redis") && limiter.getIfAvailable() == null) {
            problems.add(new Problem("tollgate.usage.store", "redis needs io.lettuce:lettuce-core on the class path"
                    + " (or RateLimiterStore and QuotaStore beans)"));
        }
        boolean sharedThrottles = sharedStore("tollgate.usage.throttle-store", usage.throttleStore(), store, problems);
        boolean sharedAccount = sharedStore("tollgate.usage.account-throttle.store", account.store(), store, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.usage-plans", problems);
        }
        if (sharedThrottles) {
            builder.stageLimiter(limiter.getIfAvailable());
        }
        if (sharedAccount) {
            builder.accountLimiter(limiter.getIfAvailable());
        }
        limiter.ifAvailable(builder::limiter);
        quotas.ifAvailable(builder::quotas);
        return builder.build();
    }

    /** Whether {@code property} asks for the shared store; a problem when it is neither, or redis without one. */
    private static boolean sharedStore(String property, @Nullable String value, String usageStore,
                                       List<Problem> problems) {
        String store = value == null ? "" : value.trim();
        if (!TollgateUsageProperties.UsageProperties.STORES.contains(store)) {
            problems.add(new Problem(property, "'" + value + "' is not local or redis"));
            return false;
        }
        if (store.equals("redis") && !usageStore.equals("redis")) {
            problems.add(new Problem(property, "redis counts in the usage store, which is '" + usageStore
                    + "': set tollgate.usage.store=redis"));
            return false;
        }
        return store.equals("redis");
    }

    /**
     * {@code tollgate.usage.store=redis}: plan buckets, quotas and runtime keys in Redis, shared by every instance on
     * the same Redis, on the connection Tollgate's Redis stores share ({@link RedisConnectorConfiguration}):
     * {@code tollgate.usage.redis-url} when set, else the application's Spring Data Redis connection (its client and
     * settings) when it has one, else {@code spring.data.redis.url} or the default. Nothing connects at startup; a
     * Redis that is down fails requests by the fail policy until it is back.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnProperty(prefix = "tollgate.usage", name = "store", havingValue = "redis")
    @Import(RedisConnectorConfiguration.class)
    static class Redis {

        @Bean
        @ConditionalOnMissingBean
        RateLimiterStore tollgateRedisBuckets(RedisConnector redis, TollgateUsageProperties properties) {
            return redisStore(properties, () -> new RedisRateLimiterStore(redis, properties.usage().redisPrefix(),
                    properties.usage().storeTimeout()));
        }

        /** {@code store}, once the prefix and timeout it takes are checked: a startup failure names the property. */
        static <T> T redisStore(TollgateUsageProperties properties, java.util.function.Supplier<T> store) {
            List<Problem> problems = new ArrayList<>();
            String prefixProblem = RedisKeys.prefixProblem(properties.usage().redisPrefix());
            if (prefixProblem != null) {
                problems.add(new Problem("tollgate.usage.redis-prefix", prefixProblem));
            }
            Duration timeout = properties.usage().storeTimeout();
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(new Problem("tollgate.usage.store-timeout", "must be positive, not " + timeout));
            }
            if (!problems.isEmpty()) {
                throw new InvalidDefinitionException("tollgate.usage", problems);
            }
            return store.get();
        }

        @Bean
        @ConditionalOnMissingBean
        QuotaStore tollgateRedisQuotas(RedisConnector redis, TollgateUsageProperties properties) {
            return redisStore(properties, () -> new RedisQuotaStore(redis, properties.usage().redisPrefix(),
                    properties.usage().storeTimeout()));
        }

        /** Keys created at runtime in Redis, over the configured ones; lookups remembered for {@code key-cache-ttl}. */
        @Bean
        @ConditionalOnMissingBean
        ApiKeyRepository tollgateApiKeys(RedisConnector redis, TollgateUsageProperties properties) {
            ApiKeyRepository shared = new LayeredApiKeyRepository(
                    redisStore(properties, () -> new RedisApiKeyRepository(redis, properties.usage().redisPrefix(),
                            properties.usage().storeTimeout())), configuredKeys(properties));
            return new CachingApiKeyRepository(shared, properties.usage().keyCacheTtl(), 100_000,
                    Ticker.systemTicker());
        }

        /** {@code tollgateUsageStore} in the health endpoint: whether Redis answers (see {@link UsageStoreHealthIndicator}). */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
        static class HealthContribution {

            @Bean
            @ConditionalOnMissingBean(name = "tollgateUsageStoreHealthIndicator")
            UsageStoreHealthIndicator tollgateUsageStoreHealthIndicator(RedisConnector redis, UsageControl usage,
                                                                       TollgateUsageProperties properties) {
                return new UsageStoreHealthIndicator(redis, usage, properties.usage().storeTimeout(),
                        properties.usage().redisPrefix());
            }
        }
    }

    static List<ApiKey> configuredKeys(TollgateUsageProperties properties) {
        List<Problem> problems = new ArrayList<>();
        List<ApiKey> keys = UsagePropertiesMapper.keys(properties, Instant.now(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.api-keys", problems);
        }
        return keys;
    }

    /** Meters of metering, when the application has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        /** {@code tollgate.usage.store.failures}: how often the usage store failed or was too slow. */
        @Bean
        @ConditionalOnMissingBean(name = "tollgateUsageMetrics")
        MeterBinder tollgateUsageMetrics(UsageControl usage) {
            return registry -> FunctionCounter
                    .builder("tollgate.usage.store.failures", usage, UsageControl::storeFailures)
                    .description("Times the usage plan store (Redis) failed or did not answer within the store timeout")
                    .tag("policy", usage.failPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .register(registry);
        }
    }

    /** API keys and usage plans enforced on the routes, metered by the {@link UsageControl}. */
    @Bean
    @ConditionalOnMissingBean
    UsageFeature tollgateUsage(UsageControl control) {
        return new UsageFeature(control);
    }
}
