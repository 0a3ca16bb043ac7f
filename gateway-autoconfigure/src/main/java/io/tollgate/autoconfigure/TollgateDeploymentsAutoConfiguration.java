package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.tollgate.core.redis.RedisKeys;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.server.deploy.CanarySettings;
import io.tollgate.core.server.deploy.DeploymentException;
import io.tollgate.core.server.deploy.DeploymentListener;
import io.tollgate.core.server.deploy.DeploymentStore;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.InMemoryDeploymentStore;
import io.tollgate.core.server.deploy.RedisDeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deployments ({@code tollgate.deployments.enabled}, on by default): the APIs as configured are the first deployment of
 * each of their stages (with the canaries configured on them), kept in a {@link DeploymentStore} (this instance's
 * memory, or Redis with {@code tollgate.deployments.store=redis}, unless the application declares another); each change of a stage is published as an application event (a
 * {@link io.tollgate.core.server.deploy.StageChange}) and, when it asks, flushes the stage's cache. A changed
 * configuration is deployed: a file named by {@code tollgate.deployments.watch.file}, and the environment after Spring
 * Cloud's refresh when Spring Cloud Context is on the classpath.
 */
@AutoConfiguration(after = TollgateUsageAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "tollgate.deployments", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({TollgateProperties.class, TollgateDeploymentsProperties.class})
public final class TollgateDeploymentsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TollgateDeploymentsAutoConfiguration.class);

    /** Spring Boot's loaders of configuration files, as for {@code application.yml} and {@code .properties}. */

    /**
     * {@code tollgate.deployments.store=redis}: deployments and stages in Redis, shared by every instance on the same
     * Redis and prefix ({@code tollgate.deployments.redis.url}, a {@code redis://} or a {@code redis-sentinel://} one;
     * without it, the application's Redis Cluster client when it has one, else {@code spring.data.redis.url}, else the
     * default); each instance compares what it serves with the store every {@code reconcile-interval}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnProperty(prefix = "tollgate.deployments", name = "store", havingValue = "redis")
    static class Redis {

        /**
         * A Lettuce client, unless there is one already (the usage store's, or the application's): one client, one set
         * of threads, whichever stores use Redis. None either when the store uses the application's cluster client.
         */
        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean(RedisClient.class)
        @Conditional(UrlOrNoClusterClient.class)
        RedisClient tollgateDeploymentsRedisClient() {
            return RedisClient.create();
        }

        /** Whether the store goes through a {@link RedisClient}: a URL is set, or no cluster client is there to reuse. */
        static final class UrlOrNoClusterClient extends AnyNestedCondition {

            UrlOrNoClusterClient() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnProperty(prefix = "tollgate.deployments.redis", name = "url")
            static final class UrlSet {
            }

            @ConditionalOnMissingBean(RedisClusterClient.class)
            static final class NoClusterClient {
            }
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        DeploymentStore tollgateDeploymentStore(ObjectProvider<RedisClient> redisClient,
                                                ObjectProvider<RedisClusterClient> clusterClient,
                                                TollgateDeploymentsProperties properties, Environment environment) {
            TollgateDeploymentsProperties.RedisProperties redis = properties.redis();
            List<Problem> problems = new ArrayList<>();
            if (redis.timeout().isNegative() || redis.timeout().isZero()) {
                problems.add(new Problem("tollgate.deployments.redis.timeout", "must be positive, was " + redis.timeout()));
            }
            if (redis.reconcileInterval().isNegative() || redis.reconcileInterval().isZero()) {
                problems.add(new Problem("tollgate.deployments.redis.reconcile-interval", "must be positive, was "
                        + redis.reconcileInterval()));
            }
            String prefixProblem = RedisKeys.prefixProblem(redis.prefix());
            if (prefixProblem != null) {
                problems.add(new Problem("tollgate.deployments.redis.prefix", prefixProblem));
            }
            RedisClusterClient cluster = redis.url() == null ? clusterClient.getIfUnique() : null;
            if (cluster != null) {
                if (!problems.isEmpty()) {
                    throw new InvalidDefinitionException("tollgate.deployments", problems);
                }
                return new RedisDeploymentStore(cluster, redis.prefix(), redis.timeout());
            }
            String url = redis.url() != null ? redis.url()
                    : environment.getProperty("spring.data.redis.url", "redis://127.0.0.1:6379");
            RedisURI uri = null;
            try {
                uri = RedisURI.create(url);
            } catch (RuntimeException e) {
                problems.add(new Problem(redis.url() != null ? "tollgate.deployments.redis.url" : "spring.data.redis.url",
                        "'" + url + "' is not a Redis URL (redis://host:port, or"
                                + " redis-sentinel://host:port,host:port#primary)"));
            }
            if (!problems.isEmpty() || uri == null) {
                throw new InvalidDefinitionException("tollgate.deployments", problems);
            }
            return new RedisDeploymentStore(redisClient.getObject(), uri, redis.prefix(), redis.timeout());
        }

        /** Compares what this instance serves with the store, every {@code reconcile-interval}, off the event loop. */
        @Bean(destroyMethod = "dispose")
        @ConditionalOnMissingBean(name = "tollgateDeploymentsReconcile")
        Disposable tollgateDeploymentsReconcile(Deployments deployments, TollgateDeploymentsProperties properties) {
            long every = properties.redis().reconcileInterval().toMillis();
            return Schedulers.boundedElastic().schedulePeriodically(deployments::reconcile, every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Where deployments and stages are kept: this instance's memory (a restart returns to the configuration). */
    @Bean
    @ConditionalOnMissingBean
    DeploymentStore tollgateDeploymentStore(TollgateDeploymentsProperties properties) {
        if (properties.store() == TollgateDeploymentsProperties.Store.REDIS) {
            throw new InvalidDefinitionException("tollgate.deployments", List.of(new Problem("tollgate.deployments.store",
                    "redis needs io.lettuce:lettuce-core on the classpath")));
        }
        return new InMemoryDeploymentStore();
    }

    /** {@code tollgateDeployments} in the health endpoint: whether this instance serves what its store holds. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthContribution {

        @Bean
        @ConditionalOnMissingBean(name = "tollgateDeploymentsHealthIndicator")
        DeploymentsHealthIndicator tollgateDeploymentsHealthIndicator(Deployments deployments) {
            return new DeploymentsHealthIndicator(deployments);
        }
    }

    /** The deployments, started on the configured APIs. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Deployments tollgateDeployments(GatewayRecipe recipe, TollgateApis apis, TollgateProperties properties,
                                    TollgateDeploymentsProperties deployments, DeploymentStore store,
                                    Environment environment, ObjectProvider<TollgateApiCustomizer> customizers,
                                    ObjectProvider<OpenApiImports> imports,
                                    ApplicationEventPublisher events, ObjectProvider<StageCaches> caches) {
        StageCaches stageCaches = caches.getIfAvailable();
        DeploymentListener listener = (change, flushCache) -> {
            if (flushCache && stageCaches != null) {
                // a shared store (Redis) that cannot be reached fails the flush: said here, never dropped to Reactor
                stageCaches.flush(change.api(), change.stage()).subscribe(null, error -> log.warn(
                        "The cache of api '{}' stage '{}' could not be flushed after its change: {}", change.api(),
                        change.stage(), RateLimitedLog.oneLine(error)));
            }
            events.publishEvent(change);
        };
        check(deployments);
        Deployments built = Deployments.builder(recipe.builder())
                .store(store)
                .definitions(new ApiDefinitionReader(customizers.orderedStream().toList(), imports.getIfAvailable()))
                .history(deployments.history())
                .listener(listener)
                .background(task -> Schedulers.boundedElastic().schedule(task))
                .problemPaths(GatewayRecipe::propertyPath)
                .build();
        Map<String, Map<String, Object>> definitions = new LinkedHashMap<>();
        for (Api api : apis.apis()) {
            if (properties.apis().containsKey(api.name())) {
                definitions.put(api.name(), DefinitionTrees.read(environment, "tollgate.apis." + api.name()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, CanarySettings> canaries = CanaryPropertiesMapper.canaries(properties, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.apis", problems);
        }
        try {
            built.start(apis.apis(), definitions, canaries);
        } catch (DeploymentException e) {
            if (e.getCause() instanceof InvalidDefinitionException) {
                // as without deployments: the failure analyzer names every problem
                throw new InvalidDefinitionException("tollgate.apis", e.problems());
            }
            throw e;
        }
        return built;
    }

    /** The refused values of {@code tollgate.deployments.*}, named by property (fails startup). */
    private static void check(TollgateDeploymentsProperties deployments) {
        List<Problem> problems = new ArrayList<>();
        if (deployments.history() < 1) {
            problems.add(new Problem("tollgate.deployments.history", "must be at least 1, was " + deployments.history()));
        }
        Duration interval = deployments.watch().interval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            problems.add(new Problem("tollgate.deployments.watch.interval", "must be positive, was "
                    + (interval == null ? "empty" : interval)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.deployments", problems);
        }
    }
}
