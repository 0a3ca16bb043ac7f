package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.netty.TollgateReactorNettyAutoConfiguration;
import io.tollgate.autoconfigure.webflux.TollgateWebFluxAutoConfiguration;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.core.websocket.WebSocketConnections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** WebSocket APIs' auto-configuration: on by default, off by its switch, replaced by an application's feature. */
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
}
