package io.tollgate.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.websocket.ConnectionDirectory;
import io.tollgate.core.websocket.WebSocketApiFeature;
import io.tollgate.core.websocket.WebSocketConnections;
import io.tollgate.core.websocket.redis.RedisConnectionDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket APIs ({@code type: WEBSOCKET}): their connections, routes and {@code $connect}/{@code $disconnect}, and the
 * {@link WebSocketConnections} the application sends to, describes and closes connections with. With
 * {@code tollgate.websocket.store=redis} every instance on the same Redis reaches every connection (a
 * {@link RedisConnectionDirectory}); a {@link ConnectionDirectory} bean of the application's replaces it. Off with
 * {@code tollgate.websocket.enabled=false}; a {@link WebSocketApiFeature} bean of the application's replaces this one.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateProperties.class)
public final class TollgateWebSocketAutoConfiguration {

    /**
     * The WebSocket APIs, their connections found through the application's or the Redis {@link ConnectionDirectory}
     * (or on this instance only). A {@code tollgate.websocket.store} other than local or redis, or redis without
     * Lettuce, fails startup naming it.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.websocket", name = "enabled", havingValue = "true", matchIfMissing = true)
    WebSocketApiFeature tollgateWebSocketApis(TollgateProperties properties, ObjectProvider<ConnectionDirectory> directory) {
        ConnectionDirectory found = directory.getIfAvailable();
        StoreSetting.redis("tollgate.websocket", properties.websocket().store(), found != null, "ConnectionDirectory");
        return new WebSocketApiFeature(found != null ? found : ConnectionDirectory.LOCAL);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.websocket", name = "enabled", havingValue = "true", matchIfMissing = true)
    WebSocketConnections tollgateWebSocketConnections(WebSocketApiFeature feature) {
        return feature.connections();
    }

    /**
     * {@code tollgate.websocket.store=redis}: the registry of connections in Redis, on the connection Tollgate's Redis
     * stores share ({@link RedisConnectorConfiguration}), under {@code tollgate.websocket.redis-prefix}, each command
     * and each other instance's answer bounded by {@code tollgate.websocket.store-timeout}, keys living
     * {@code tollgate.websocket.registry-ttl} past their refresh. Nothing connects at startup.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnProperty(prefix = "tollgate.websocket", name = "store", havingValue = "redis")
    @Import(RedisConnectorConfiguration.class)
    static class Redis {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ConnectionDirectory.class)
        RedisConnectionDirectory tollgateWebSocketDirectory(RedisConnector redis, TollgateProperties properties) {
            TollgateProperties.WebSocketProperties websocket = properties.websocket();
            List<Problem> problems = new ArrayList<>();
            Duration timeout = websocket.storeTimeout();
            String prefix = websocket.redisPrefix();
            RedisConnectorConfiguration.checkStore("tollgate.websocket", timeout, prefix, problems);
            Duration ttl = websocket.registryTtl();
            if (ttl == null || ttl.compareTo(RedisConnectionDirectory.MIN_TTL) < 0) {
                problems.add(new Problem("tollgate.websocket.registry-ttl", "must be at least 1s, was " + ttl));
            }
            if (!problems.isEmpty() || timeout == null || ttl == null || prefix == null) {
                throw new InvalidDefinitionException("tollgate.websocket", problems);
            }
            return new RedisConnectionDirectory(redis, prefix, timeout, ttl);
        }

        /** {@code tollgate.websocket.directory.failures}: operations on other instances' connections that failed. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
        static class Metrics {

            @Bean
            @ConditionalOnMissingBean(name = "tollgateWebSocketDirectoryMetrics")
            MeterBinder tollgateWebSocketDirectoryMetrics(ObjectProvider<RedisConnectionDirectory> directory) {
                return registry -> directory.ifAvailable(redis -> FunctionCounter
                        .builder("tollgate.websocket.directory.failures", redis, RedisConnectionDirectory::failures)
                        .description("Operations on WebSocket connections of other instances that failed: Redis, or "
                                + "the instance holding the connection, could not be reached or did not answer in time")
                        .register(registry));
            }
        }
    }
}
