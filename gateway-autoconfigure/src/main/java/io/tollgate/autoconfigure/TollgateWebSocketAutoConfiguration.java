package io.tollgate.autoconfigure;

import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.core.websocket.WebSocketConnections;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * WebSocket APIs ({@code type: WEBSOCKET}): their connections, routes and {@code $connect}/{@code $disconnect}, and the
 * {@link WebSocketConnections} the application sends to, describes and closes connections with. Off with
 * {@code tollgate.websocket.enabled=false}; a {@link WebSocketApiFeature} bean of the application's replaces this one.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateWebSocketAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.websocket", name = "enabled", havingValue = "true", matchIfMissing = true)
    WebSocketApiFeature tollgateWebSocketApis() {
        return new WebSocketApiFeature();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.websocket", name = "enabled", havingValue = "true", matchIfMissing = true)
    WebSocketConnections tollgateWebSocketConnections(WebSocketApiFeature feature) {
        return feature.connections();
    }
}
