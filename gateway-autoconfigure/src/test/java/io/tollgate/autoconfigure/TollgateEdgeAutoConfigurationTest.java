package io.tollgate.autoconfigure;

import io.tollgate.core.edge.EdgeSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge limits bound from {@code tollgate.server.edge.*}: defaults, overrides, mistakes and the off switch. */
class TollgateEdgeAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateEdgeAutoConfiguration.class));

    @Test
    void theDefaultsAreSafeLimits() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EdgeSettings.class).hasBean("tollgateEdgeCustomizer");
            assertThat(context.getBean(EdgeSettings.class)).isEqualTo(EdgeSettings.DEFAULTS);
        });
    }

    @Test
    void everyLimitIsAProperty() {
        runner.withPropertyValues("tollgate.server.edge.request-header-timeout=2s",
                "tollgate.server.edge.body-idle-timeout=5s", "tollgate.server.edge.keep-alive-timeout=15s",
                "tollgate.server.edge.max-connections=200", "tollgate.server.edge.max-connections-per-address=20")
                .run(context -> assertThat(context.getBean(EdgeSettings.class)).isEqualTo(new EdgeSettings(
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15), 200, 20)));
    }

    @Test
    void aBadLimitFailsStartupNamingItsProperty() {
        runner.withPropertyValues("tollgate.server.edge.body-idle-timeout=0s").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause()
                .hasMessageContaining("tollgate.server.edge.body-idle-timeout must be a positive duration"));
        runner.withPropertyValues("tollgate.server.edge.max-connections=-1").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("tollgate.server.edge.max-connections"));
        runner.withPropertyValues("tollgate.server.edge.keep-alive-timeout=soon").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining(
                        "Failed to bind properties under 'tollgate.server.edge.keep-alive-timeout'"));
    }

    @Test
    void theEdgeCanBeTurnedOff() {
        runner.withPropertyValues("tollgate.server.edge.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(EdgeSettings.class).doesNotHaveBean("tollgateEdgeCustomizer"));
    }

    @Test
    void theApplicationsOwnSettingsWin() {
        EdgeSettings own = new EdgeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1);
        runner.withBean(EdgeSettings.class, () -> own).run(context -> assertThat(context.getBean(EdgeSettings.class))
                .isSameAs(own));
        runner.withBean("tollgateEdgeCustomizer", NettyServerCustomizer.class, () -> server -> server)
                .run(context -> assertThat(context).hasSingleBean(NettyServerCustomizer.class));
    }
}
