package io.tollgate.autoconfigure;

import io.tollgate.core.cors.CorsFeature;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * CORS: the preflights and response headers of APIs with {@code tollgate.apis.<name>.cors}. It has no switch of its
 * own: an API without {@code cors} has none, and a {@link CorsFeature} bean of the application's replaces this one.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateCorsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CorsFeature tollgateCors() {
        return new CorsFeature();
    }
}
