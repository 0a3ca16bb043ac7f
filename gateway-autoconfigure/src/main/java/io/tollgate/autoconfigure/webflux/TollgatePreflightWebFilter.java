package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.server.Resolution;
import org.springframework.core.Ordered;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Hands CORS preflights for gateway APIs that handle CORS to the gateway, ahead of WebFlux's dispatcher (which answers
 * preflights itself without running any handler). Needed when gateway routes run through WebFlux
 * ({@code tollgate.server.direct=false}); with direct serving, such preflights never reach WebFlux.
 */
public final class TollgatePreflightWebFilter implements WebFilter, Ordered {

    private final TollgateHandlerMapping mapping;

    public TollgatePreflightWebFilter(TollgateHandlerMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // OPTIONS with Origin and Access-Control-Request-Method, as Gateway.isPreflight has it
        if (!CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        Resolution resolution = mapping.resolve(exchange);
        if (resolution == null || resolution.mount().api().cors() == null) {
            return chain.filter(exchange);
        }
        return mapping.serve(resolution, exchange);
    }
}
