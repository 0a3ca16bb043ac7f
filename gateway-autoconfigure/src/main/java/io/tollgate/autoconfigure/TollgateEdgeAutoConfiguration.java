package io.tollgate.autoconfigure;

import io.tollgate.core.edge.Edge;
import io.tollgate.core.edge.EdgeSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The edge limits ({@link TollgateEdgeProperties}) on the application's Reactor Netty server: request header, body
 * idle and keep-alive timeouts, connection limits and strict RFC 9112 framing. {@code tollgate.server.edge.enabled=false}
 * turns them off.
 */
@AutoConfiguration(before = NettyReactiveWebServerAutoConfiguration.class)
@ConditionalOnClass(NettyServerCustomizer.class)
@ConditionalOnProperty(prefix = "tollgate.server.edge", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateEdgeProperties.class)
public final class TollgateEdgeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EdgeSettings tollgateEdgeSettings(TollgateEdgeProperties properties) {
        return properties.toSettings();
    }

    @Bean
    @ConditionalOnMissingBean(name = "tollgateEdgeCustomizer")
    NettyServerCustomizer tollgateEdgeCustomizer(EdgeSettings settings) {
        return server -> Edge.apply(server, settings);
    }
}
