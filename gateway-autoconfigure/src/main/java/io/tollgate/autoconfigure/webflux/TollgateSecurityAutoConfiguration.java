package io.tollgate.autoconfigure.webflux;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;

import java.util.List;
import java.util.function.Supplier;

/**
 * Living beside Spring Security: when the application uses it, gateway requests that go through WebFlux are served
 * ahead of the application's security chain (see {@link TollgateSecurityBypassWebFilter}); routes served directly on
 * Reactor Netty never reach it anyway. {@code tollgate.server.app-security=apply} lets the chain see them instead.
 */
@AutoConfiguration(after = TollgateWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.security.web.server.WebFilterChainProxy")
@ConditionalOnBean(TollgateHandlerMapping.class)
@ConditionalOnProperty(prefix = "tollgate.server", name = "app-security", havingValue = "bypass", matchIfMissing = true)
public final class TollgateSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TollgateSecurityBypassWebFilter tollgateSecurityBypassWebFilter(TollgateHandlerMapping mapping,
                                                                    ObjectProvider<HandlerMapping> mappings) {
        return new TollgateSecurityBypassWebFilter(mapping, new LazyMappings(mappings));
    }

    /** The application's handler mappings ordered before the gateway's, looked up once, on first use. */
    private static final class LazyMappings implements Supplier<List<HandlerMapping>> {

        private final ObjectProvider<HandlerMapping> provider;
        private volatile @Nullable List<HandlerMapping> mappings;

        LazyMappings(ObjectProvider<HandlerMapping> provider) {
            this.provider = provider;
        }

        @Override
        public List<HandlerMapping> get() {
            List<HandlerMapping> result = mappings;
            if (result == null) {
                result = provider.orderedStream()
                        .filter(m -> !(m instanceof TollgateHandlerMapping))
                        .filter(m -> !(m instanceof Ordered ordered) || ordered.getOrder() < TollgateHandlerMapping.ORDER)
                        .toList();
                mappings = result;
            }
            return result;
        }
    }
}
