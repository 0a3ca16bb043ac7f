package io.tollgate.autoconfigure;

import io.netty.buffer.ByteBuf;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.cache.CacheKeyParameter;
import io.tollgate.core.api.cache.RouteCache;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.Duration;
import java.util.Set;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Stage and route cache properties, the global switch and status header, the flush operation; mistakes named by property. */
class TollgateCacheAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateCacheAutoConfiguration.class));

    private static final String[] SHOP = {
            "tollgate.apis.shop.stages.prod.cache.enabled=true",
            "tollgate.apis.shop.stages.prod.cache.capacity=64MB",
            "tollgate.apis.shop.stages.prod.cache.ttl=120s",
            "tollgate.apis.shop.stages.prod.cache.require-authorization-for-cache-control=false",
            "tollgate.apis.shop.stages.prod.cache.unauthorized-cache-control-header-strategy=FAIL_WITH_403",
            "tollgate.apis.shop.stages.prod.cache.invalidators.principals[0]=ops",
            "tollgate.apis.shop.stages.prod.cache.invalidators.scopes[0]=tollgate:InvalidateCache",
            "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].integration.body=item",
            "tollgate.apis.shop.routes[0].cache.ttl=60s",
            "tollgate.apis.shop.routes[0].cache.key-parameters[0]=method.request.path.id",
            "tollgate.apis.shop.routes[0].cache.key-parameters[1]=method.request.querystring.fields",
            "tollgate.apis.shop.routes[0].cache.methods[0]=GET",
            "tollgate.apis.shop.routes[0].cache.public=true",
            "tollgate.apis.shop.routes[1].route-key=GET /live",
            "tollgate.apis.shop.routes[1].integration.type=MOCK",
            "tollgate.apis.shop.routes[1].cache.enabled=false",
    };

    @Test
    void stageAndRouteSettingsBind() {
        with(runner, SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            Api shop = context.getBean(Gateway.class).apis().get(0);
            StageCache cache = shop.stages().get(0).cache();
            assertThat(cache.capacityBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(120));
            assertThat(cache.requireAuthorizationForCacheControl()).isFalse();
            assertThat(cache.unauthorizedStrategy()).isEqualTo(UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403);
            assertThat(cache.invalidatorPrincipals()).containsExactly("ops");
            assertThat(cache.invalidatorScopes()).containsExactly("tollgate:InvalidateCache");
            RouteCache route = shop.routes().get(0).cache();
            assertThat(route.ttl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(route.publicResponses()).isTrue();
            assertThat(route.methods()).isEqualTo(Set.of("GET"));
            assertThat(route.keyParameters()).extracting(CacheKeyParameter::name).containsExactly("id", "fields");
            assertThat(shop.routes().get(1).cache().enabled()).isFalse();
            assertThat(context.getBean(Gateway.class).mounts().get(0).pipelines()[0].steps()).contains("cache:stage-cache");
            assertThat(context.getBean(Gateway.class).mounts().get(0).pipelines()[1].steps()).doesNotContain("cache:stage-cache");
        });
    }

    @Test
    void aHitIsMarkedWithTheStatusHeaderAndTheStageIsFlushed() {
        with(runner, SHOP).run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(status(gateway)).isEqualTo("MISS");
            assertThat(status(gateway)).isEqualTo("HIT");
            TollgateEndpoint endpoint = new TollgateEndpoint(gateway, UsageControl.builder().build(), context.getBean(StageCaches.class));
            assertThat(endpoint.section("cache").block(Duration.ofSeconds(10)).getBody()).asString().contains("shop/prod");
            assertThat(endpoint.flush("cache", "shop", "prod").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(WebEndpointResponse.STATUS_NO_CONTENT);
            assertThat(endpoint.flush("cache", "shop", "nope").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(endpoint.flush("keys", "shop", "prod").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(status(gateway)).isEqualTo("MISS");
        });
    }

    @Test
    void theStatusHeaderIsRenamedOrTurnedOff() {
        with(runner, append(SHOP, "tollgate.cache.status-header=X-Cache")).run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            get(gateway);
            assertThat(get(gateway).headers().get("X-Cache")).isEqualTo("HIT");
        });
        with(runner, append(SHOP, "tollgate.cache.status-header=")).run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            get(gateway);
            assertThat(get(gateway).headers().names()).noneMatch(name -> name.toLowerCase().contains("cache"));
        });
    }

    @Test
    void theGlobalSwitchTurnsEveryStageCacheOff() {
        with(runner, append(SHOP, "tollgate.cache.enabled=false")).run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.mounts().get(0).pipelines()[0].steps()).doesNotContain("cache:stage-cache");
            assertThat(status(gateway)).isNull();
        });
    }

    @Test
    void mistakesAreNamedByTheirProperty() {
        with(runner, "tollgate.apis.shop.stages.prod.cache.enabled=true",
                "tollgate.apis.shop.stages.prod.cache.ttl=2h",
                "tollgate.apis.shop.stages.prod.cache.capacity=0B",
                "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
                "tollgate.apis.shop.routes[0].integration.type=MOCK",
                "tollgate.apis.shop.routes[0].cache.key-parameters[0]=method.request.path.itemId",
                "tollgate.apis.shop.routes[0].cache.key-parameters[1]=query.fields",
                "tollgate.apis.shop.routes[0].cache.methods[0]=BREW")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tollgate.apis.shop.stages.prod.cache.ttl: 7200 s is out of range")
                        .hasStackTraceContaining("tollgate.apis.shop.stages.prod.cache.capacity: 0 bytes")
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].cache.key-parameters[0]: 'method.request.path.itemId'")
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].cache.key-parameters[1]: 'query.fields' must be")
                        .hasStackTraceContaining("tollgate.apis.shop.routes[0].cache.methods[0]: 'BREW'"));
    }

    private static String[] append(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String status(Gateway gateway) {
        return get(gateway).headers().get("X-Tollgate-Cache");
    }

    private static Reply get(Gateway gateway) {
        Reply reply = gateway.process(gateway.resolve("GET", "/prod/items/1"), StubRequest.get("/prod/items/1")).block(Duration.ofSeconds(10));
        reply.body().doOnNext(ByteBuf::release).blockLast(Duration.ofSeconds(10));
        return reply;
    }
}
