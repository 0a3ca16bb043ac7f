package io.tollgate.autoconfigure;

import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.server.deploy.Deployments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deployments from a changed configuration: a watched file of API definitions ({@code tollgate.deployments.watch.file})
 * and, with Spring Cloud Context, its refresh; the APIs that change there are deployed to their stages.
 */
@AutoConfiguration(after = TollgateDeploymentsAutoConfiguration.class)
@ConditionalOnBean(Deployments.class)
public final class TollgateConfigurationWatchAutoConfiguration {

    private static final List<PropertySourceLoader> LOADERS = List.of(new YamlPropertySourceLoader(),
            new PropertiesPropertySourceLoader());

    /**
     * The file of API definitions the gateway follows ({@code tollgate.deployments.watch.file}): the APIs that change
     * in it are deployed to their stages.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.deployments.watch", name = "file")
    ConfigurationFileWatch tollgateConfigurationFileWatch(Deployments deployments,
                                                          TollgateDeploymentsProperties properties,
                                                          ObjectProvider<TollgateApiCustomizer> customizers,
                                                          ObjectProvider<OpenApiImports> imports) {
        String file = properties.watch().file();
        String property = "tollgate.deployments.watch.file";
        if (file == null || file.isBlank()) {
            throw new InvalidDefinitionException("tollgate.deployments", List.of(new Problem(property,
                    "must name a YAML or properties file (leave it out to watch none)")));
        }
        PropertySourceLoader loader = null;
        for (PropertySourceLoader candidate : LOADERS) {
            for (String extension : candidate.getFileExtensions()) {
                if (file.toLowerCase(Locale.ROOT).endsWith("." + extension)) {
                    loader = candidate;
                }
            }
        }
        if (loader == null) {
            throw new InvalidDefinitionException("tollgate.deployments", List.of(new Problem(property,
                    "must end in .yml, .yaml, .properties or .xml (the file is read as application.yml or"
                            + " application.properties is), was '" + file + "'")));
        }
        Path path;
        try {
            path = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidDefinitionException("tollgate.deployments", List.of(new Problem(property,
                    "is not a path: " + e.getMessage())));
        }
        ConfigurationDeployer deployer = new ConfigurationDeployer(deployments,
                new ApiDefinitionReader(customizers.orderedStream().toList(), imports.getIfAvailable()),
                "configuration file " + path, Map.of());
        return new ConfigurationFileWatch(path, loader, properties.watch().interval(), deployer);
    }

    /**
     * Spring Cloud's refresh, when Spring Cloud Context is on the classpath: after its {@code EnvironmentChangeEvent},
     * the APIs whose {@code tollgate.apis.*} properties changed are deployed to their stages.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
    static class RefreshConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConfigurationRefreshListener tollgateConfigurationRefreshListener(Deployments deployments,
                                                                          Environment environment,
                                                                          ObjectProvider<TollgateApiCustomizer> customizers,
                                                          ObjectProvider<OpenApiImports> imports) {
            // the APIs as the environment has them now: what the gateway started from
            return new ConfigurationRefreshListener(environment, new ConfigurationDeployer(deployments,
                    new ApiDefinitionReader(customizers.orderedStream().toList(), imports.getIfAvailable()),
                    "configuration refresh",
                    ConfigurationDeployer.definitions(environment)));
        }
    }
}
