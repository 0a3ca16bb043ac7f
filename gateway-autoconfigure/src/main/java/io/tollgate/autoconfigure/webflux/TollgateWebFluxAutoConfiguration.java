package io.tollgate.autoconfigure.webflux;

import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.netty.GatewayEntry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Serves gateway requests that reach WebFlux: the {@code $default} route and unmatched requests under an API's base
 * path (after the application's own endpoints had their chance), and every gateway route when
 * {@code tollgate.server.direct=false}.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(Gateway.class)
public final class TollgateWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TollgateHandlerMapping tollgateHandlerMapping(GatewayEntry entry) {
        return new TollgateHandlerMapping(entry);
    }

    /** CORS preflights for gateway APIs, ahead of WebFlux's own preflight handling. */
    @Bean
    @ConditionalOnMissingBean
    TollgatePreflightWebFilter tollgatePreflightWebFilter(TollgateHandlerMapping mapping) {
        return new TollgatePreflightWebFilter(mapping);
    }
}
