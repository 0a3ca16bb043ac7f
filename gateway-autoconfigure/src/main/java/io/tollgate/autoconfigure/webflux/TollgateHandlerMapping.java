package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.server.Resolution;
import io.tollgate.core.server.netty.GatewayEntry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

/**
 * A WebFlux handler mapping for gateway requests, ordered after the application's controllers and router functions
 * (and before static resources), so an application endpoint under an API's base path keeps working.
 */
public final class TollgateHandlerMapping extends AbstractHandlerMapping {

    /** After annotated controllers (0) and router functions (-1), before static resources (lowest - 1). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final WebFluxDoor door;

    public TollgateHandlerMapping(GatewayEntry entry) {
        this.door = new WebFluxDoor(entry);
        setOrder(ORDER);
    }

    /**
     * The gateway's handler, without WebFlux's own CORS processing: the gateway answers preflights and adds CORS
     * headers itself, per API.
     */
    @Override
    public Mono<Object> getHandler(ServerWebExchange exchange) {
        return getHandlerInternal(exchange).map(handler -> handler);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        Resolution resolution = door.resolve(exchange);
        if (resolution == null) {
            return Mono.empty();
        }
        return Mono.just((WebHandler) ex -> door.serve(resolution, ex));
    }

    /** Serves the exchange's gateway request (resolved once, whoever asks first). */
    Mono<Void> serve(Resolution resolution, ServerWebExchange exchange) {
        return door.serve(resolution, exchange);
    }

    /** Where the exchange's request goes, resolved once for every WebFlux component ({@code null}: outside every API). */
    @Nullable Resolution resolve(ServerWebExchange exchange) {
        return door.resolve(exchange);
    }
}
