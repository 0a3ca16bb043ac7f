package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.server.deploy.CanarySettings;
import io.tollgate.core.server.deploy.DeploymentException;
import io.tollgate.core.server.deploy.DeploymentListener;
import io.tollgate.core.server.deploy.DeploymentStore;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.InMemoryDeploymentStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployments ({@code tollgate.deployments.enabled}, on by default): the APIs as configured are the first deployment of
 * each of their stages (with the canaries configured on them), kept in a {@link DeploymentStore} (this instance's
 * memory unless the application declares another); each change of a stage is published as an application event (a
 * {@link io.tollgate.core.server.deploy.StageChange}) and, when it asks, flushes the stage's cache.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "tollgate.deployments", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({TollgateProperties.class, TollgateDeploymentsProperties.class})
public final class TollgateDeploymentsAutoConfiguration {

    /** Where deployments and stages are kept: this instance's memory (a restart returns to the configuration). */
    @Bean
    @ConditionalOnMissingBean
    DeploymentStore tollgateDeploymentStore() {
        return new InMemoryDeploymentStore();
    }

    /** The deployments, started on the configured APIs. */
    @Bean
    @ConditionalOnMissingBean
    Deployments tollgateDeployments(GatewayRecipe recipe, TollgateApis apis, TollgateProperties properties,
                                    TollgateDeploymentsProperties deployments, DeploymentStore store,
                                    Environment environment, ObjectProvider<TollgateApiCustomizer> customizers,
                                    ApplicationEventPublisher events, ObjectProvider<StageCaches> caches) {
        StageCaches stageCaches = caches.getIfAvailable();
        DeploymentListener listener = (change, flushCache) -> {
            if (flushCache && stageCaches != null) {
                stageCaches.flush(change.api(), change.stage()).subscribe();
            }
            events.publishEvent(change);
        };
        if (deployments.history() < 1) {
            throw new InvalidDefinitionException("tollgate.deployments", List.of(new Problem(
                    "tollgate.deployments.history", "must be at least 1, was " + deployments.history())));
        }
        Deployments built = Deployments.builder(recipe.builder())
                .store(store)
                .definitions(new ApiDefinitionReader(customizers.orderedStream().toList()))
                .history(deployments.history())
                .listener(listener)
                .verdicts(task -> Schedulers.boundedElastic().schedule(task))
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
}
