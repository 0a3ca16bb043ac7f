package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.ApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.RedisAvailable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.ZoneId;
import java.time.Duration;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Usage plans, API keys and throttles bound from properties; every mistake named by its property. */
class TollgateUsageAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateUsageAutoConfiguration.class));

    private static final String[] SHOP = {
            "tollgate.apis.shop.api-key-source=AUTHORIZER",
            "tollgate.apis.shop.stages.[$default].throttle.rate-limit=50",
            "tollgate.apis.shop.stages.[$default].throttle.burst-limit=100",
            "tollgate.apis.shop.stages.[$default].route-throttles.[GET /items/{id}].rate-limit=5",
            "tollgate.apis.shop.stages.[$default].route-throttles.[GET /items/{id}].burst-limit=10",
            "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
            "tollgate.apis.shop.routes[0].api-key-required=true",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.usage-plans.gold.throttle.rate-limit=0.5",
            "tollgate.usage-plans.gold.throttle.burst-limit=2",
            "tollgate.usage-plans.gold.quota.limit=1000",
            "tollgate.usage-plans.gold.quota.period=MONTH",
            "tollgate.usage-plans.gold.quota.offset=10",
            "tollgate.usage-plans.gold.api-stages[0].api=shop",
            "tollgate.usage-plans.gold.api-stages[0].route-throttles.[GET /items/{id}].rate-limit=1",
            "tollgate.usage-plans.gold.api-stages[0].route-throttles.[GET /items/{id}].burst-limit=1",
            "tollgate.api-keys.acme.value=acme-key-0123456789abcdef",
            "tollgate.api-keys.acme.usage-plans[0]=gold",
            "tollgate.usage.time-zone=Europe/Paris",
            "tollgate.usage.fail-policy=fail-open",
            "tollgate.usage.account-throttle.enabled=true",
            "tollgate.usage.account-throttle.rate-limit=20000",
    };

    @Test
    void plansKeysAndThrottlesBind() {
        with(runner, SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            UsageControl control = context.getBean(UsageControl.class);
            UsagePlan gold = control.plan("gold");
            assertThat(gold.throttle()).isEqualTo(new Throttle(0.5, 2));
            assertThat(gold.quota().period()).isEqualTo(QuotaPeriod.MONTH);
            assertThat(gold.quota().offset()).isEqualTo(10);
            assertThat(gold.apiStage("shop", "$default").routeThrottles()).containsEntry("GET /items/{id}", new Throttle(1, 1));
            assertThat(control.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
            assertThat(control.failPolicy()).isEqualTo(UsageControl.FailPolicy.FAIL_OPEN);
            assertThat(control.account()).isEqualTo(new Throttle(20_000, 5_000));
            ApiKey acme = context.getBean(ApiKeyRepository.class).findByValue("acme-key-0123456789abcdef").block(Duration.ofSeconds(10));
            assertThat(acme.usagePlans()).containsExactly("gold");
            assertThat(acme.toString()).doesNotContain("0123456789");
            Api shop = context.getBean(Gateway.class).apis().get(0);
            assertThat(shop.apiKeySource()).isEqualTo(ApiKeySource.AUTHORIZER);
            assertThat(shop.routes().get(0).apiKeyRequired()).isTrue();
            assertThat(shop.stages().get(0).throttle()).isEqualTo(new Throttle(50, 100));
            assertThat(shop.stages().get(0).routeThrottles()).containsEntry("GET /items/{id}", new Throttle(5, 10));
        });
    }

    @Test
    void theAccountThrottleIsOffByDefaultAndAwsWhenTurnedOn() {
        // no per-instance cap nobody asked for: a plain route runs no usage stage at all
        with(runner, "tollgate.apis.shop.routes[0].route-key=GET /items",
                "tollgate.apis.shop.routes[0].integration.type=MOCK").run(context -> {
            assertThat(context.getBean(UsageControl.class).account()).isNull();
            assertThat(context.getBean(Gateway.class).mounts().get(0).pipelines()[0].steps())
                    .containsExactly("integration:mock");
        });
        runner.withPropertyValues("tollgate.usage.account-throttle.enabled=true").run(context ->
                assertThat(context.getBean(UsageControl.class).account()).isEqualTo(Throttle.ACCOUNT_DEFAULT));
    }

    @Test
    void mistakesAreNamedByTheirProperty() {
        with(runner, "tollgate.usage-plans.bad.throttle.rate-limit=0",
                "tollgate.usage-plans.bad.throttle.burst-limit=5",
                "tollgate.usage-plans.bad.quota.limit=10",
                "tollgate.usage-plans.bad.quota.offset=10",
                "tollgate.usage-plans.bad.api-stages[0].api=nowhere",
                "tollgate.usage-plans.bad.api-stages[0].stage=prod")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.usage-plans.bad.throttle.rate-limit: must be a positive number")
                        .hasStackTraceContaining("tollgate.usage-plans.bad.quota.offset: must be between 0 and limit - 1"));
        with(runner, "tollgate.usage-plans.ok.api-stages[0].api=nowhere")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.usage-plans.ok.api-stages[0].api: no api named 'nowhere'"));
        with(runner, "tollgate.api-keys.short.value=abc", "tollgate.api-keys.lost.value=lost-key-0123456789abcdef",
                "tollgate.api-keys.lost.usage-plans[0]=missing")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.api-keys.short.value: must be 20 to 128 characters long")
                        .hasStackTraceContaining("tollgate.api-keys.lost.usage-plans: 'missing' is not a usage plan"));
        with(runner, "tollgate.apis.shop.stages.[$default].route-throttles.[GET /nope].rate-limit=1",
                "tollgate.apis.shop.stages.[$default].route-throttles.[GET /nope].burst-limit=1",
                "tollgate.apis.shop.routes[0].route-key=GET /x", "tollgate.apis.shop.routes[0].integration.type=MOCK")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.stages.$default.route-throttles[GET /nope]"));
    }

    @Test
    void theRedisStoreStartsWhileRedisIsDownAndFailsClosed() {
        with(runner, "tollgate.usage.store=redis", "tollgate.usage.redis-url=redis://127.0.0.1:1",
                "tollgate.usage.store-timeout=300ms",
                "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
                "tollgate.apis.shop.routes[0].api-key-required=true",
                "tollgate.apis.shop.routes[0].integration.type=MOCK",
                "tollgate.usage-plans.gold.api-stages[0].api=shop",
                "tollgate.api-keys.acme.value=acme-key-0123456789abcdef",
                "tollgate.api-keys.acme.usage-plans[0]=gold")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(io.tollgate.core.usage.RateLimiterStore.class))
                            .isInstanceOf(io.tollgate.core.usage.redis.RedisRateLimiterStore.class);
                    UsageControl control = context.getBean(UsageControl.class);
                    assertThat(control.failPolicy()).isEqualTo(UsageControl.FailPolicy.FAIL_CLOSED);
                    // the key lookup goes to the unreachable Redis and fails fast, instead of hanging
                    long started = System.nanoTime();
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> control.keys()
                            .findByValue("unknown-key-0123456789abcd").block(java.time.Duration.ofSeconds(10)))
                            .isInstanceOf(RuntimeException.class);
                    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
                });
    }

    @Test
    void storeFailuresAreAMeter() {
        runner.run(context -> {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            context.getBean("tollgateUsageMetrics", io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
            io.micrometer.core.instrument.FunctionCounter failures = registry.get("tollgate.usage.store.failures")
                    .tag("policy", "fail-closed").functionCounter();
            assertThat(failures.count()).isEqualTo(context.getBean(UsageControl.class).storeFailures());
        });
    }

    @Test
    void aStoreThatCannotBeUsedFailsStartup() {
        runner.withPropertyValues("tollgate.usage.store=mongo").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.usage.store: 'mongo' is not local or redis"));
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("io.lettuce"))
                .withPropertyValues("tollgate.usage.store=redis").run(context -> assertThat(context).hasFailed()
                        .getFailure().hasStackTraceContaining("tollgate.usage.store: redis needs io.lettuce:lettuce-core"));
    }

    @Test
    void throttlesCountInTheSharedStoreWhenAsked() {
        runner.run(context -> {
            UsageControl control = context.getBean(UsageControl.class);
            assertThat(control.stageLimiter()).isSameAs(control.local());
            assertThat(control.accountLimiter()).isSameAs(control.local());
        });
        runner.withPropertyValues("tollgate.usage.store=redis", "tollgate.usage.throttle-store=redis",
                "tollgate.usage.account-throttle.store=redis").run(context -> {
            assertThat(context).hasNotFailed();
            UsageControl control = context.getBean(UsageControl.class);
            assertThat(control.stageLimiter()).isInstanceOf(io.tollgate.core.usage.redis.RedisRateLimiterStore.class)
                    .isSameAs(control.limiter()).isSameAs(control.accountLimiter());
        });
        runner.withPropertyValues("tollgate.usage.throttle-store=redis", "tollgate.usage.account-throttle.store=shared")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.usage.throttle-store: redis counts in the usage store, which is"
                                + " 'local': set tollgate.usage.store=redis")
                        .hasStackTraceContaining("tollgate.usage.account-throttle.store: 'shared' is not local or redis"));
    }

    @Test
    void theRedisUsageStoreHasAHealthIndicator() {
        RedisAvailable.require();
        runner.withPropertyValues("tollgate.usage.store=redis").run(context -> {
            org.springframework.boot.health.contributor.Health health = context
                    .getBean("tollgateUsageStoreHealthIndicator", UsageStoreHealthIndicator.class).health()
                    .block(java.time.Duration.ofSeconds(10));
            assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "redis").containsEntry("failPolicy", "fail-closed")
                    .containsKey("pingMillis");
        });
        // nothing listens there: degraded, saying what metered requests get meanwhile
        runner.withPropertyValues("tollgate.usage.store=redis", "tollgate.usage.redis-url=redis://127.0.0.1:1",
                "tollgate.usage.fail-policy=fail-open").run(context -> {
            org.springframework.boot.health.contributor.Health health = context
                    .getBean("tollgateUsageStoreHealthIndicator", UsageStoreHealthIndicator.class).health()
                    .block(java.time.Duration.ofSeconds(10));
            assertThat(health.getStatus()).isEqualTo(UsageStoreHealthIndicator.DEGRADED);
            assertThat(health.getDetails()).containsEntry("meanwhile", "metered routes serve unmetered")
                    .containsKey("problem");
        });
        runner.run(context -> assertThat(context).doesNotHaveBean("tollgateUsageStoreHealthIndicator"));
    }

    @Test
    void meteringCanBeTurnedOff() {
        runner.withPropertyValues("tollgate.usage.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(UsageControl.class));
    }
}
