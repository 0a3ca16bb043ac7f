package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one {@link RedisConnector} of Tollgate's Redis stores (usage plans and keys with {@code tollgate.usage.store=redis},
 * stage caches with {@code tollgate.cache.store=redis}): imported by each feature that uses Redis, registered once, so
 * the features share one connection. Which Redis: {@code tollgate.usage.redis-cluster-nodes} (a Redis Cluster of its
 * own) or {@code tollgate.usage.redis-url} (standalone, or {@code redis-sentinel://} for a Sentinel-monitored primary)
 * when set, else the application's Spring Data Redis connection (its client and settings: standalone, Sentinel or
 * Cluster) when it has one, else {@code spring.data.redis.url}, else {@link #DEFAULT_URL}. An application's own
 * {@code RedisConnector} bean replaces it. Nothing connects at startup; a bad node or URL fails startup naming its
 * property.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
class RedisConnectorConfiguration {

    static final String DATA_REDIS_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";
    /** The Redis when nothing names one. */
    static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    static final String CLUSTER_NODES = "tollgate.usage.redis-cluster-nodes";

    /**
     * Records at {@code path} ({@code tollgate.cache}, {@code tollgate.websocket}) what is wrong with a Redis store's
     * own settings: its {@code store-timeout} must be positive, its {@code redis-prefix} set and free of braces.
     */
    static void checkStore(String path, @Nullable Duration timeout, @Nullable String prefix, List<Problem> problems) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            problems.add(new Problem(path + ".store-timeout", "must be positive, was " + timeout));
        }
        if (prefix == null) {
            problems.add(new Problem(path + ".redis-prefix", "must be set"));
        } else if (RedisKeys.prefixProblem(prefix) != null) {
            problems.add(new Problem(path + ".redis-prefix", String.valueOf(RedisKeys.prefixProblem(prefix))));
        }
    }

    /**
     * The application's Spring Data Redis connection factory, when it has one and neither
     * {@code tollgate.usage.redis-url} nor {@code tollgate.usage.redis-cluster-nodes} names another Redis: its client
     * and its Redis. Ordered before {@link OwnClient} and {@link OwnCluster}, which then back off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = DATA_REDIS_FACTORY)
    @ConditionalOnSingleCandidate(type = DATA_REDIS_FACTORY)
    @ConditionalOnExpression("'${tollgate.usage.redis-url:}'.isEmpty()")
    @Conditional(NoClusterNodes.class)
    @Order(0)
    static class ApplicationConnection {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RedisConnector tollgateRedisConnector(LettuceConnectionFactory factory) {
            return DataRedisConnections.connector(factory);
        }
    }

    /**
     * A Lettuce client of Tollgate's own, to {@code tollgate.usage.redis-url} or {@code spring.data.redis.url}
     * (standalone, or a primary through its sentinels).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(RedisConnector.class)
    @Conditional(NoClusterNodes.class)
    @Order(1)
    static class OwnClient {

        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean(name = "tollgateRedisClient")
        RedisClient tollgateRedisClient() {
            return RedisClient.create();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RedisConnector tollgateRedisConnector(RedisClient tollgateRedisClient, Environment environment) {
            Binder binder = Binder.get(environment);
            String property = binder.bind("tollgate.usage.redis-url", String.class).isBound() ? "tollgate.usage.redis-url"
                    : binder.bind("spring.data.redis.url", String.class).isBound() ? "spring.data.redis.url" : null;
            String url = property == null ? DEFAULT_URL : binder.bind(property, String.class).get();
            return new RedisConnector(tollgateRedisClient,
                    redisUri(property == null ? "tollgate.usage.redis-url" : property, url));
        }
    }

    /** A Redis Cluster of Tollgate's own: {@code tollgate.usage.redis-cluster-nodes}, its seed nodes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(RedisConnector.class)
    @Conditional(ClusterNodes.class)
    @Order(1)
    static class OwnCluster {

        /** The cluster's client: its topology refreshed periodically and on redirections, so it follows failovers. */
        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean(name = "tollgateRedisClusterClient")
        RedisClusterClient tollgateRedisClusterClient(Environment environment) {
            List<RedisURI> seeds = new ArrayList<>();
            List<String> nodes = clusterNodes(environment);
            for (int i = 0; i < nodes.size(); i++) {
                String node = nodes.get(i).trim();
                seeds.add(redisUri(CLUSTER_NODES + "[" + i + "]", node.contains("://") ? node : "redis://" + node));
            }
            RedisClusterClient client = RedisClusterClient.create(seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.enabled()).build());
            return client;
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RedisConnector tollgateRedisConnector(RedisClusterClient tollgateRedisClusterClient) {
            return RedisConnector.cluster(tollgateRedisClusterClient);
        }
    }

    /**
     * Opens the connection in the background once the application context is refreshed (the application's Spring
     * Data Redis client has started by then), so that the first requests after startup do not wait for a cold
     * client's connect: past the store timeout, they would be refused (fail-closed) while Redis is healthy.
     */
    @Bean
    @ConditionalOnMissingBean(name = "tollgateRedisWarmUp")
    ApplicationListener<ContextRefreshedEvent> tollgateRedisWarmUp(ObjectProvider<RedisConnector> connector) {
        return refreshed -> connector.ifAvailable(RedisConnector::warmUp);
    }

    /** {@code url} as a Lettuce URI, or a startup failure naming {@code property}. */
    static RedisURI redisUri(String property, String url) {
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new InvalidDefinitionException("tollgate.usage", List.of(new Problem(property,
                    "'" + url + "' is not a Redis URI (" + e.getMessage() + ")")));
        }
    }

    static List<String> clusterNodes(Environment environment) {
        return Binder.get(environment).bind(CLUSTER_NODES, Bindable.listOf(String.class)).orElse(List.of());
    }

    /** Whether {@code tollgate.usage.redis-cluster-nodes} names nodes (in any form a list property takes). */
    static final class ClusterNodes extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            List<String> nodes = Binder.get(context.getEnvironment()).bind(CLUSTER_NODES, Bindable.listOf(String.class))
                    .orElse(List.of());
            return nodes.isEmpty() ? ConditionOutcome.noMatch("no " + CLUSTER_NODES)
                    : ConditionOutcome.match(CLUSTER_NODES + ": " + nodes);
        }
    }

    /** The opposite of {@link ClusterNodes}. */
    static final class NoClusterNodes extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionOutcome cluster = new ClusterNodes().getMatchOutcome(context, metadata);
            String message = String.valueOf(cluster.getMessage());
            return cluster.isMatch() ? ConditionOutcome.noMatch(message) : ConditionOutcome.match(message);
        }
    }
}
