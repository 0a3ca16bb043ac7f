package io.tollgate.autoconfigure;

import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.sigv4.SigV4CredentialsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Route authorization: JWT authorizers, custom authorizers (the {@link AuthorizerRegistry} bean, present unless
 * {@code tollgate.authorizers.enabled=false}) and {@code AWS_IAM} (the {@link SigV4CredentialsProvider} bean, when
 * there are credentials). An {@link AuthorizerFeature} bean of the application's replaces this one.
 */
@AutoConfiguration(after = {TollgateAuthorizerAutoConfiguration.class, TollgateIamAutoConfiguration.class})
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateAuthorizationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuthorizerFeature tollgateAuthorization(ObjectProvider<AuthorizerRegistry> registry,
                                            ObjectProvider<SigV4CredentialsProvider> iamCredentials) {
        return new AuthorizerFeature(registry.getIfAvailable(), iamCredentials.getIfAvailable());
    }
}
