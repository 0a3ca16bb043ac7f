package io.tollgate.autoconfigure;

import io.tollgate.core.function.BlockingFunctions;
import io.tollgate.core.function.BlockingGatewayFunction;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.FunctionRegistry;
import io.tollgate.core.function.GatewayFunction;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;
import java.util.function.Function;

/**
 * {@code FUNCTION} integrations: a route names a bean, which is a {@link GatewayFunction} (reactive), a
 * {@link BlockingGatewayFunction} or a {@code java.util.function.Function} (both run on a bounded pool, off the event
 * loop). {@code tollgate.functions.enabled=false} turns them off.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = {"enabled", "functions.enabled"}, havingValue = "true", matchIfMissing = true)
public final class TollgateFunctionAutoConfiguration {

    /** Resolves function names to beans, adapting each shape. */
    @Bean
    @ConditionalOnMissingBean
    FunctionRegistry tollgateFunctionRegistry(ListableBeanFactory beans, BlockingFunctions blocking,
                                              ObjectProvider<FunctionAdapter> adapters) {
        EventConversion conversion = new EventConversion();
        return name -> {
            if (!beans.containsBean(name)) {
                return Optional.empty();
            }
            Object bean = beans.getBean(name);
            if (bean instanceof GatewayFunction function) {
                return Optional.of(function);
            }
            if (bean instanceof BlockingGatewayFunction function) {
                return Optional.of(blocking.adapt(function));
            }
            if (bean instanceof Function<?, ?> function) {
                @SuppressWarnings("unchecked")
                Function<Object, Object> plain = (Function<Object, Object>) function;
                Class<?> input = EventConversion.inputType(bean, Function.class);
                return Optional.of(blocking.adapt((event, context) ->
                        conversion.toResult(plain.apply(conversion.toInput(event, input)))));
            }
            for (FunctionAdapter adapter : adapters.orderedStream().toList()) {
                Optional<GatewayFunction> adapted = adapter.adapt(name, bean);
                if (adapted.isPresent()) {
                    return adapted;
                }
            }
            throw new IllegalArgumentException("the bean '" + name + "' is not a GatewayFunction, a "
                    + "BlockingGatewayFunction, a java.util.function.Function or an AWS Lambda handler");
        };
    }

    /** AWS Lambda handlers, when the application has AWS's Lambda libraries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"com.amazonaws.services.lambda.runtime.RequestHandler",
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent"})
    static class AwsLambda {

        @Bean
        @ConditionalOnMissingBean(name = "tollgateAwsLambdaAdapter")
        FunctionAdapter tollgateAwsLambdaAdapter(BlockingFunctions blocking) {
            return new AwsLambdaFunctionAdapter(blocking, new EventConversion());
        }
    }

    /** {@code FUNCTION} integrations, calling the registry's functions. */
    @Bean
    @ConditionalOnMissingBean
    FunctionFeature tollgateFunctions(FunctionRegistry registry) {
        return new FunctionFeature(registry);
    }
}
