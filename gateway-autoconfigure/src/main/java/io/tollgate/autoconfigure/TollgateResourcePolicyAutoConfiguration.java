package io.tollgate.autoconfigure;

import io.tollgate.core.policy.ResourcePolicyFeature;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Resource policies: the client addresses an API with {@code tollgate.apis.<name>.resource-policy} allows and denies.
 * It has no switch of its own, on purpose: turning it off would let in the clients a configured policy refuses. A
 * {@link ResourcePolicyFeature} bean of the application's replaces this one.
 */
@AutoConfiguration(before = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateResourcePolicyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ResourcePolicyFeature tollgateResourcePolicies() {
        return new ResourcePolicyFeature();
    }
}
