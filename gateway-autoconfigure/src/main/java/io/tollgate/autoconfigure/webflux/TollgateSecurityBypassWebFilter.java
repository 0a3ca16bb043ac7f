package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.server.Resolution;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Supplier;

/**
 * Serves gateway requests ahead of the application's Spring Security chain, so gateway routes answer to their own
 * authorizers and are never blocked or challenged by the application's security (which keeps guarding the
 * application's endpoints and the actuator). A request for an explicit route is the gateway's; a request for a
 * {@code $default} route or unmatched under an API's base path is the gateway's only when none of the application's
 * handler mappings that precede the gateway's (controllers, router functions, the actuator) claims it.
 */
public final class TollgateSecurityBypassWebFilter implements WebFilter, Ordered {

    /** Before Spring Security's {@code WebFilterChainProxy} (-100), after observation filters. */
    public static final int ORDER = -150;

    private final TollgateHandlerMapping mapping;
    private final Supplier<List<HandlerMapping>> applicationMappings;

    /**
     * {@code applicationMappings}: the application's handler mappings that precede the gateway's, in order (asked on
     * each use; memoize it).
     */
    public TollgateSecurityBypassWebFilter(TollgateHandlerMapping mapping,
                                           Supplier<List<HandlerMapping>> applicationMappings) {
        this.mapping = mapping;
        this.applicationMappings = applicationMappings;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Resolution resolution = mapping.resolve(exchange);
        if (resolution == null) {
            return chain.filter(exchange);
        }
        if (resolution.explicit()) {
            return mapping.serve(resolution, exchange);
        }
        return Flux.fromIterable(applicationMappings.get())
                .concatMap(handlerMapping -> handlerMapping.getHandler(exchange))
                .next()
                .hasElement()
                .flatMap(claimed -> claimed ? chain.filter(exchange) : mapping.serve(resolution, exchange));
    }
}
