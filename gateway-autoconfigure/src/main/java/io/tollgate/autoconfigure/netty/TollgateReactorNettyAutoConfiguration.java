package io.tollgate.autoconfigure.netty;

import io.tollgate.core.server.Gateway;
import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.core.server.netty.GatewayEntry;
import io.tollgate.core.server.netty.ReactorNettyGatewayHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

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

    /**
     * The claim of explicit routes, made with the web server. The server is made before the application's other beans,
     * so the gateway is looked up when requests come (once): it is built with the other beans, and a configuration
     * error fails as itself instead of as "Unable to start reactive web server".
     */
    @Bean
    @ConditionalOnMissingBean(name = "tollgateRouteProvider")
    NettyRouteProvider tollgateRouteProvider(ObjectProvider<ReactorNettyGatewayHandler> handler) {
        SingletonSupplier<ReactorNettyGatewayHandler> lazy = SingletonSupplier.of(handler::getObject);
        return routes -> ReactorNettyGatewayHandler.claimRoutes(routes, lazy);
    }
}
