package io.tollgate.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Refuses unknown {@code tollgate.*} properties at startup, before any bean is made, listing all of them with the
 * file and line each is written at and the nearest known name ({@link UnknownProperties}).
 * {@code tollgate.fail-on-unknown-properties=false} turns the check off.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "fail-on-unknown-properties", havingValue = "true",
        matchIfMissing = true)
public final class TollgateStrictPropertiesAutoConfiguration {

    /** Checks the properties once the context's property sources are all in place, before any bean is created. */
    @Bean
    static BeanFactoryPostProcessor tollgateUnknownPropertiesCheck(Environment environment) {
        return beanFactory -> {
            if (environment instanceof ConfigurableEnvironment configurable) {
                List<UnknownProperties.Unknown> unknown = UnknownProperties.find(configurable);
                if (!unknown.isEmpty()) {
                    throw new UnknownPropertiesException(unknown);
                }
            }
        };
    }
}
