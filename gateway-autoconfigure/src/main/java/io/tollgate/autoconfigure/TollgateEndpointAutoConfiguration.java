package io.tollgate.autoconfigure;

import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.websocket.WebSocketConnections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@code /actuator/tollgate}, when the application has the actuator and exposes the endpoint: the gateway's view,
 * with the parts of the features that are on (usage plans and keys, stage caches, deployments and stages).
 */
@AutoConfiguration(after = {TollgateAutoConfiguration.class, TollgateUsageAutoConfiguration.class,
        TollgateCacheAutoConfiguration.class, TollgateDeploymentsAutoConfiguration.class,
        TollgateWebSocketAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Gateway.class)
public final class TollgateEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    TollgateEndpoint tollgateEndpoint(LiveGateway gateway, ObjectProvider<UsageControl> usage,
                                      ObjectProvider<StageCaches> caches, ObjectProvider<Deployments> deployments,
                                      ObjectProvider<TollgateDeploymentsProperties> deploymentProperties,
                                      ObjectProvider<WebSocketConnections> connections,
                                      ObjectProvider<OpenApiImports> imports) {
        TollgateDeploymentsProperties properties = deploymentProperties.getIfAvailable();
        return new TollgateEndpoint(gateway, usage.getIfAvailable(), caches.getIfAvailable(),
                deployments.getIfAvailable(), properties != null && properties.writesEnabled(),
                connections.getIfAvailable(), imports.getIfAvailable());
    }
}
