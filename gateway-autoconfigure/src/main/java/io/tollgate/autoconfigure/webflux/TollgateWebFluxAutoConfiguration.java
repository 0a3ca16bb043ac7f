package io.tollgate.autoconfigure.webflux;

import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.autoconfigure.TollgateProperties;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.netty.GatewayEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

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

    /**
     * Warns, once the application is ready, of each annotated handler that an explicit gateway route hides (served
     * directly, the default) or that hides a gateway route (served through WebFlux); part of the startup report
     * ({@code tollgate.startup-report.enabled}).
     */
    @Bean
    @ConditionalOnMissingBean(name = "tollgateShadowedHandlersWarning")
    @ConditionalOnProperty(prefix = "tollgate.startup-report", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    ApplicationListener<ApplicationReadyEvent> tollgateShadowedHandlersWarning(
            LiveGateway gateway, TollgateProperties properties, ObjectProvider<RequestMappingHandlerMapping> mappings) {
        Logger log = LoggerFactory.getLogger(ShadowedHandlers.class);
        boolean direct = properties.server().direct();
        return event -> mappings.orderedStream().forEach(mapping -> {
            for (ShadowedHandlers.Shadow shadow : ShadowedHandlers.find(gateway.current(), mapping.getHandlerMethods())) {
                if (direct) {
                    log.warn("Gateway route '{}' of API '{}' answers {} {} ahead of the application's handler {}: the"
                                    + " handler is never reached (tollgate.server.direct=true serves gateway routes first)",
                            shadow.routeKey(), shadow.api(), shadow.method(), shadow.path(), shadow.handler());
                } else {
                    log.warn("The application's handler {} answers {} {} ahead of gateway route '{}' of API '{}': the"
                                    + " route is never reached (tollgate.server.direct=false serves the application first)",
                            shadow.handler(), shadow.method(), shadow.path(), shadow.routeKey(), shadow.api());
                }
            }
        });
    }

    /** CORS preflights for gateway APIs, ahead of WebFlux's own preflight handling. */
    @Bean
    @ConditionalOnMissingBean
    TollgatePreflightWebFilter tollgatePreflightWebFilter(TollgateHandlerMapping mapping) {
        return new TollgatePreflightWebFilter(mapping);
    }
}
