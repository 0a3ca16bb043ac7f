package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.tollgate.core.api.Api;
import io.tollgate.core.cache.CaffeineResponseCacheStore;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.cache.redis.RedisResponseCacheStore;
import io.tollgate.core.cache.redis.RedisResponseCacheStoreFactory;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.testsupport.RedisAvailable;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.Duration;
import java.util.UUID;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tollgate.cache.store}: local by default; redis shares the stage caches through Redis on the one connection
 * of Tollgate's Redis stores, with a failure meter and a health indicator; a Redis that is down is a miss; a value
 * that cannot be used fails startup naming its property.
 */
class CacheStoreAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateCacheAutoConfiguration.class));

    private static final String REDIS_URL = "redis://" + RedisAvailable.HOST + ":" + RedisAvailable.PORT;

    private static final String[] SHOP = {
            "tollgate.apis.shop.stages.prod.cache.enabled=true",
            "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].integration.body=item",
            "tollgate.apis.shop.routes[0].cache.key-parameters[0]=method.request.path.id",
    };

    private static String[] shop(String... more) {
        String[] all = java.util.Arrays.copyOf(SHOP, SHOP.length + more.length);
        System.arraycopy(more, 0, all, SHOP.length, more.length);
        return all;
    }

    private static String prefix() {
        return "tollgate-test:" + UUID.randomUUID() + ":";
    }

    private static ResponseCacheStore store(AssertableReactiveWebApplicationContext context) {
        Api shop = context.getBean(Gateway.class).apis().get(0);
        return context.getBean(StageCaches.class).store(shop, shop.stages().get(0));
    }

    private static String status(Gateway gateway) {
        Reply reply = gateway.process(gateway.resolve("GET", "/prod/items/1"), StubRequest.get("/prod/items/1"))
                .block(Duration.ofSeconds(10));
        reply.body().doOnNext(ByteBuf::release).blockLast(Duration.ofSeconds(10));
        assertThat(reply.status()).isEqualTo(200);
        return reply.headers().get("X-Tollgate-Cache");
    }

    private static Health health(AssertableReactiveWebApplicationContext context) {
        return context.getBean("tollgateCacheStoreHealthIndicator", CacheStoreHealthIndicator.class).health()
                .block(Duration.ofSeconds(10));
    }

    private static double failures(AssertableReactiveWebApplicationContext context) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        context.getBean("tollgateCacheStoreMetrics", MeterBinder.class).bindTo(registry);
        FunctionCounter counter = registry.get("tollgate.cache.store.failures").functionCounter();
        return counter.count();
    }

    @Test
    void eachInstanceHasItsOwnCacheByDefault() {
        with(runner, SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TollgateCacheProperties.class).store()).isEqualTo("local");
            assertThat(store(context)).isInstanceOf(CaffeineResponseCacheStore.class);
            assertThat(context).doesNotHaveBean(RedisConnector.class);
            assertThat(context).doesNotHaveBean(RedisClient.class);
            assertThat(context).doesNotHaveBean("tollgateCacheStoreHealthIndicator");
        });
    }

    @Test
    void theRedisStoreKeepsEntriesInRedisAndReportsItsHealth() {
        RedisAvailable.require();
        String prefix = prefix();
        with(runner, shop("tollgate.cache.store=redis", "tollgate.cache.redis-prefix=" + prefix,
                "tollgate.cache.store-timeout=2s", "tollgate.usage.redis-url=" + REDIS_URL)).run(context -> {
            assertThat(context).hasNotFailed();
            RedisResponseCacheStore store = (RedisResponseCacheStore) store(context);
            assertThat(store.keyPrefix()).isEqualTo(prefix + "cache:shop:prod:");
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(status(gateway)).isEqualTo("MISS");
            assertThat(status(gateway)).isEqualTo("HIT");

            RedisResponseCacheStoreFactory stores = context.getBean(RedisResponseCacheStoreFactory.class);
            assertThat(stores.prefix()).isEqualTo(prefix);
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "redis").containsEntry("prefix", prefix)
                    .containsEntry("failures", 0L).containsKey("pingMillis");
            assertThat(failures(context)).isZero();

            TollgateEndpoint endpoint = new TollgateEndpoint(gateway, UsageControl.builder().build(),
                    context.getBean(StageCaches.class));
            assertThat(endpoint.flush("cache", "shop", "prod").block(Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(WebEndpointResponse.STATUS_NO_CONTENT);
            assertThat(status(gateway)).isEqualTo("MISS");
            store.flush().block(Duration.ofSeconds(10));
        });
    }

    @Test
    void aRedisThatIsDownIsAMissADegradedHealthAndAFailedFlush() {
        with(runner, shop("tollgate.cache.store=redis", "tollgate.cache.store-timeout=300ms",
                "tollgate.usage.redis-url=redis://127.0.0.1:1")).run(context -> {
            assertThat(context).hasNotFailed();
            Gateway gateway = context.getBean(Gateway.class);
            long started = System.nanoTime();
            assertThat(status(gateway)).isEqualTo("MISS");
            assertThat(status(gateway)).isEqualTo("MISS");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(failures(context)).isGreaterThanOrEqualTo(2);

            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(CacheStoreHealthIndicator.DEGRADED);
            assertThat(health.getDetails()).containsKey("problem");

            TollgateEndpoint endpoint = new TollgateEndpoint(gateway, UsageControl.builder().build(),
                    context.getBean(StageCaches.class));
            WebEndpointResponse<Object> flush = endpoint.flush("cache", "shop", "prod").block(Duration.ofSeconds(10));
            assertThat(flush.getStatus()).isEqualTo(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
            assertThat(flush.getBody()).asString().contains("could not be flushed");
        });
    }

    @Test
    void theCacheAndTheUsageStoresShareOneConnection() {
        runner.withConfiguration(AutoConfigurations.of(TollgateUsageAutoConfiguration.class))
                .withPropertyValues("tollgate.cache.store=redis", "tollgate.usage.store=redis",
                        "tollgate.usage.redis-url=" + REDIS_URL, "tollgate.usage.redis-prefix=" + prefix(),
                        "tollgate.cache.redis-prefix=" + prefix())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(RedisConnector.class);
                    assertThat(context).hasSingleBean(RedisClient.class);
                    assertThat(context).hasSingleBean(RedisResponseCacheStoreFactory.class);
                    assertThat(context).hasSingleBean(RateLimiterStore.class);
                });
    }

    @Test
    void theApplicationsSpringDataRedisConnectionIsUsed() {
        RedisAvailable.require();
        String prefix = prefix();
        with(new ReactiveWebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                        DataRedisAutoConfiguration.class, TollgateAutoConfiguration.class,
                        TollgateCacheAutoConfiguration.class)),
                shop("tollgate.cache.store=redis", "tollgate.cache.redis-prefix=" + prefix,
                        "spring.data.redis.host=" + RedisAvailable.HOST, "spring.data.redis.port=" + RedisAvailable.PORT))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(RedisConnector.class);
                    assertThat(context).doesNotHaveBean("tollgateRedisClient");
                    assertThat(context.getBeansOfType(RedisClient.class)).isEmpty();
                    Gateway gateway = context.getBean(Gateway.class);
                    assertThat(status(gateway)).isEqualTo("MISS");
                    assertThat(status(gateway)).isEqualTo("HIT");
                    store(context).flush().block(Duration.ofSeconds(10));
                });
    }

    @Test
    void anApplicationsOwnFactoryReplacesTheRedisStores() {
        with(runner, shop("tollgate.cache.store=redis"))
                .withBean(ResponseCacheStore.Factory.class,
                        () -> (api, stage, settings) -> new CaffeineResponseCacheStore(1000, () -> 0L))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RedisResponseCacheStoreFactory.class);
                    assertThat(store(context)).isInstanceOf(CaffeineResponseCacheStore.class);
                    assertThat(health(context).getStatus()).isEqualTo(Status.UNKNOWN);
                });
    }

    @Test
    void aStoreThatCannotBeUsedFailsStartupNamingTheProperty() {
        runner.withPropertyValues("tollgate.cache.store=memcached").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.cache.store: 'memcached' is not local or redis"));
        runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
                .withPropertyValues("tollgate.cache.store=redis").run(context -> assertThat(context).hasFailed()
                        .getFailure().hasStackTraceContaining("tollgate.cache.store: redis needs io.lettuce:lettuce-core"));
        runner.withPropertyValues("tollgate.cache.store=redis", "tollgate.cache.store-timeout=0s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.cache.store-timeout: must be positive"));
        runner.withPropertyValues("tollgate.cache.store=redis", "tollgate.cache.redis-prefix=cache:{all}:")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.cache.redis-prefix: must not contain '{' or '}'"));
    }
}
