package io.tollgate.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.autoconfigure.netty.TollgateReactorNettyAutoConfiguration;
import io.tollgate.autoconfigure.webflux.TollgateWebFluxAutoConfiguration;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.core.websocket.WebSocketConnections;
import io.tollgate.core.websocket.redis.RedisConnectionDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket APIs' auto-configuration: on by default, off by its switch, replaced by an application's feature; the
 * Redis connection directory with {@code tollgate.websocket.store=redis}, its bad settings failing startup by name.
 */
class TollgateWebSocketAutoConfigurationTest {

    private static final String[] CHAT = {
            "tollgate.apis.chat.type=WEBSOCKET",
            "tollgate.apis.chat.route-selection-expression=$request.body.action",
            "tollgate.apis.chat.routes[0].route-key=$default",
            "tollgate.apis.chat.routes[0].integration.type=MOCK",
    };

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                    TollgateWebSocketAutoConfiguration.class, TollgateReactorNettyAutoConfiguration.class,
                    TollgateWebFluxAutoConfiguration.class));

    @Test
    void aWebSocketApiIsServedAndItsConnectionsAreABean() {
        runner.withPropertyValues(CHAT).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WebSocketApiFeature.class)
                    .hasSingleBean(WebSocketConnections.class);
            assertThat(context.getBean(WebSocketConnections.class))
                    .isSameAs(context.getBean(WebSocketApiFeature.class).connections());
            assertThat(context.getBean(Gateway.class).mounts()).singleElement()
                    .satisfies(mount -> assertThat(mount.api().name()).isEqualTo("chat"));
        });
    }

    @Test
    void turnedOffAWebSocketApiFailsStartupNamingIt() {
        runner.withPropertyValues(CHAT).withPropertyValues("tollgate.websocket.enabled=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("chat.type: no feature of this gateway serves WEBSOCKET APIs");
        });
    }

    @Test
    void anApplicationsFeatureReplacesOurs() {
        WebSocketApiFeature mine = new WebSocketApiFeature();
        runner.withPropertyValues(CHAT).withBean(WebSocketApiFeature.class, () -> mine).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WebSocketApiFeature.class)).isSameAs(mine);
            assertThat(context.getBean(WebSocketConnections.class)).isSameAs(mine.connections());
        });
    }

    @Test
    void aMisspelledWebSocketSettingFailsStartupNamingIt() {
        runner.withConfiguration(AutoConfigurations.of(TollgateConfigurationCheckAutoConfiguration.class))
                .withPropertyValues(CHAT).withPropertyValues("tollgate.apis.chat.websocket.idle-timout=1m",
                        "tollgate.apis.chat.websocket.max-frame-size=1MB").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasMessageContaining("tollgate.apis.chat.websocket.idle-timout: unknown property: did you"
                                    + " mean 'idle-timeout'?")
                            .hasMessageContaining("tollgate.apis.chat.websocket.max-message-size: must be at least"
                                    + " max-frame-size");
                });
    }

    @Test
    void theRedisStoreFindsConnectionsThroughARedisDirectory() {
        runner.withPropertyValues(CHAT).withPropertyValues("tollgate.websocket.store=redis",
                "tollgate.websocket.redis-prefix=chat-app:", "tollgate.websocket.registry-ttl=30s").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RedisConnectionDirectory.class);
            RedisConnectionDirectory directory = context.getBean(RedisConnectionDirectory.class);
            assertThat(directory.key("abc")).isEqualTo("chat-app:connection:abc");
            assertThat(directory.toString()).contains("chat-app:");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("tollgateWebSocketDirectoryMetrics", MeterBinder.class).bindTo(meters);
            assertThat(meters.get("tollgate.websocket.directory.failures").functionCounter().count()).isZero();
        });
        runner.withPropertyValues(CHAT).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionDirectory.class));
    }

    @Test
    void badStoreSettingsFailStartupNamingTheirProperties() {
        runner.withPropertyValues(CHAT).withPropertyValues("tollgate.websocket.store=redsi").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.websocket.store: 'redsi' is not local or redis");
        });
        runner.withPropertyValues(CHAT).withPropertyValues("tollgate.websocket.store=redis",
                "tollgate.websocket.registry-ttl=100ms", "tollgate.websocket.redis-prefix=a{b}:",
                "tollgate.websocket.store-timeout=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.websocket.registry-ttl: must be at least 1s, was PT0.1S")
                    .hasMessageContaining("tollgate.websocket.redis-prefix: must not contain '{' or '}'")
                    .hasMessageContaining("tollgate.websocket.store-timeout: must be positive, was PT0S");
        });
    }
}
