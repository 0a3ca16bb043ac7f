package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Checks the whole {@code tollgate.*} configuration at startup, before any bean is made, and refuses it with every
 * problem at once ({@link ConfigurationCheck}): unknown properties with the nearest known name, values of the wrong
 * type, and what the APIs, their templates, the usage plans and the keys have wrong, each with its file and line.
 * {@code tollgate.fail-on-unknown-properties=false} lets unknown properties through; the other problems would fail
 * startup anyway, one group at a time, when their beans are made.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateConfigurationCheckAutoConfiguration {

    /** Checks the properties once the context's property sources are all in place, before any bean is created. */
    @Bean
    static BeanFactoryPostProcessor tollgateConfigurationCheck(Environment environment) {
        return beanFactory -> {
            if (environment instanceof ConfigurableEnvironment configurable) {
                boolean unknown = configurable.getProperty("tollgate.fail-on-unknown-properties", Boolean.class, true);
                // a customiser may complete what the properties leave out, and a usage plan may name an API bean:
                // those are checked when the gateway is built
                boolean apis = beanFactory.getBeanNamesForType(TollgateApiCustomizer.class, true, false).length == 0
                        && beanFactory.getBeanNamesForType(Api.class, true, false).length == 0;
                List<ConfigurationCheck.Finding> findings = ConfigurationCheck.run(configurable, unknown, apis);
                if (!findings.isEmpty()) {
                    throw new TollgateConfigurationException(findings);
                }
            }
        };
    }
}
