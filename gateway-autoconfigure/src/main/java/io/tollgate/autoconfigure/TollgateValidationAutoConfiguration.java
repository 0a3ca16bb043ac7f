package io.tollgate.autoconfigure;

import io.tollgate.core.validation.RequestValidationFeature;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Request validation: routes with a {@code request-validator} answer 400 to requests without their required
 * parameters or with a body that does not match its model. {@code tollgate.validation.enabled=false} turns the
 * validators off.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateValidationProperties.class)
public final class TollgateValidationAutoConfiguration {

    /** The gateway's request validators, on or off. */
    @Bean
    @ConditionalOnMissingBean
    RequestValidationFeature tollgateRequestValidation(TollgateValidationProperties properties) {
        return properties.enabled() ? new RequestValidationFeature() : RequestValidationFeature.disabled();
    }
}
