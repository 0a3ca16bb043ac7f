package io.tollgate.autoconfigure;

import io.tollgate.core.openapi.LambdaFunctionResolver;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * APIs defined by OpenAPI documents with Amazon API Gateway's extensions ({@code tollgate.apis.<name>.openapi}): the
 * documents are imported before the configuration is checked and bound ({@link OpenApiImports}), so an imported API
 * is checked, bound and served as one written in properties. {@code tollgate.openapi.enabled=false} turns imports off
 * (an API naming a document then fails startup). A {@link LambdaFunctionResolver} bean (declare it with a static
 * {@code @Bean} method: it is needed before other beans are made) is asked first which bean serves a Lambda function.
 */
@AutoConfiguration(before = TollgateConfigurationCheckAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tollgate.openapi.enabled", matchIfMissing = true)
public final class TollgateOpenApiAutoConfiguration {

    /** The bean holding the imports made (for the actuator, and the definitions read after startup). */
    static final String IMPORTS_BEAN = "tollgateOpenApiImports";

    /** Imports the documents once the context's property sources are all in place, before the configuration check. */
    @Bean
    static BeanFactoryPostProcessor tollgateOpenApiImport(Environment environment) {
        return new ImportProcessor(environment);
    }

    /** Runs ahead of the configuration check (an ordinary post-processor) so that it checks the imported APIs. */
    private record ImportProcessor(Environment environment) implements BeanFactoryPostProcessor, PriorityOrdered {

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            // the application's resolver, made now (the import runs before other beans): a static @Bean method
            LambdaFunctionResolver resolver = beanFactory.getBeanProvider(LambdaFunctionResolver.class).getIfAvailable();
            OpenApiImports imports = new OpenApiImports(new DefaultResourceLoader(beanFactory.getBeanClassLoader()),
                    resolver);
            if (environment instanceof ConfigurableEnvironment configurable) {
                imports.importInto(configurable);
            }
            if (!beanFactory.containsBean(IMPORTS_BEAN)) {
                beanFactory.registerSingleton(IMPORTS_BEAN, imports);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
