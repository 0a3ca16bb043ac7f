package io.tollgate.autoconfigure;

import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.BlockingGatewayAuthorizer;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.function.BlockingFunctions;
import io.tollgate.core.function.FunctionContext;
import io.tollgate.core.function.FunctionRegistry;
import io.tollgate.core.function.GatewayFunction;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.Optional;

/**
 * Custom authorizers: an authorizer's {@code implementation} names a bean, a {@link GatewayAuthorizer} (reactive), a
 * {@link BlockingGatewayAuthorizer} (run on the worker pool), or any bean a {@code FUNCTION} integration could name
 * (an AWS Lambda {@code RequestHandler}, a {@code java.util.function.Function}), which receives AWS's authorizer
 * event and answers AWS's authorizer output. {@code tollgate.authorizers.enabled=false} turns custom authorizers off
 * (JWT and IAM authorization do not depend on it).
 */
@AutoConfiguration(after = {TollgateAutoConfiguration.class, TollgateFunctionAutoConfiguration.class})
@ConditionalOnProperty(prefix = "tollgate", name = {"enabled", "authorizers.enabled"}, havingValue = "true", matchIfMissing = true)
public final class TollgateAuthorizerAutoConfiguration {

    /** Resolves implementation names to beans, adapting each shape. */
    @Bean
    @ConditionalOnMissingBean
    AuthorizerRegistry tollgateAuthorizerRegistry(ListableBeanFactory beans, BlockingFunctions blocking,
                                                  ObjectProvider<FunctionRegistry> functions) {
        return name -> {
            if (!beans.containsBean(name)) {
                return Optional.empty();
            }
            Object bean = beans.getBean(name);
            if (bean instanceof GatewayAuthorizer authorizer) {
                return Optional.of(authorizer);
            }
            if (bean instanceof BlockingGatewayAuthorizer authorizer) {
                return Optional.of(event -> blocking.run(() -> authorizer.authorize(event)));
            }
            FunctionRegistry registry = functions.getIfAvailable();
            Optional<GatewayFunction> function;
            try {
                function = registry == null ? Optional.empty() : registry.find(name);
            } catch (IllegalArgumentException notAFunction) {
                return Optional.empty();
            }
            if (function.isEmpty()) {
                return Optional.empty();
            }
            GatewayFunction f = function.get();
            GatewayAuthorizer adapted = event -> f.invoke(event.asMap(), FunctionContext.of("", name, CustomAuthorizer.DEFAULT_TIMEOUT))
                    .map(output -> AuthorizerResult.fromMap(asMap(output)));
            return Optional.of(adapted);
        };
    }

    private static Map<?, ?> asMap(Object output) {
        if (output instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("the authorizer answered " + (output == null ? "nothing"
                : output.getClass().getSimpleName()) + ", not AWS's authorizer output");
    }
}
