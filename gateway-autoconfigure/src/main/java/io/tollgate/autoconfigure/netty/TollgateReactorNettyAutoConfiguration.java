package io.tollgate.autoconfigure.netty;

import io.tollgate.core.server.Gateway;
import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.core.server.netty.GatewayEntry;
import io.tollgate.core.server.netty.ReactorNettyGatewayHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Serves requests that match an explicit gateway route directly on Reactor Netty, ahead of WebFlux, so the
 * framework's layers cost the gateway's hot path nothing. Everything else goes on to WebFlux.
 * {@code tollgate.server.direct=false} turns this off.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class, before = NettyReactiveWebServerAutoConfiguration.class)
@ConditionalOnClass(NettyRouteProvider.class)
@ConditionalOnBean(Gateway.class)
@ConditionalOnProperty(prefix = "tollgate.server", name = "direct", havingValue = "true", matchIfMissing = true)
public final class TollgateReactorNettyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactorNettyGatewayHandler tollgateReactorNettyHandler(GatewayEntry entry) {
        return new ReactorNettyGatewayHandler(entry);
    }

    @Bean
    @ConditionalOnMissingBean(name = "tollgateRouteProvider")
    NettyRouteProvider tollgateRouteProvider(ReactorNettyGatewayHandler handler) {
        return handler::claimRoutes;
    }
}
