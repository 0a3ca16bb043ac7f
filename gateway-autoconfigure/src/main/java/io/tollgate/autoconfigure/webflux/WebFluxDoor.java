package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import io.tollgate.core.server.netty.GatewayEntry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The WebFlux door of the {@link GatewayEntry}, shared by the handler mapping and the two filters: a request is
 * resolved once (or not at all, when the Reactor Netty door resolved it and let it through), the answer kept on the
 * exchange for whichever of them comes next, and served through the entry's one reply writer.
 */
final class WebFluxDoor {

    private static final String RESOLUTION = WebFluxDoor.class.getName() + ".resolution";
    /** Kept on the exchange for a request outside every API. */
    private static final Object OUTSIDE = new Object();

    private final GatewayEntry entry;

    WebFluxDoor(GatewayEntry entry) {
        this.entry = entry;
    }

    /** Where the exchange's request goes, or {@code null} when it is outside every API. */
    @Nullable Resolution resolve(ServerWebExchange exchange) {
        Object known = exchange.getAttributes().get(RESOLUTION);
        if (known != null) {
            return known == OUTSIDE ? null : (Resolution) known;
        }
        HttpServerRequest nativeRequest = nativeRequest(exchange);
        Resolution resolution;
        if (nativeRequest != null) {
            resolution = entry.resolveOnce(nativeRequest);
        } else {
            ServerHttpRequest request = exchange.getRequest();
            HttpHeaders headers = request.getHeaders();
            boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod())
                    && headers.containsHeader(HttpHeaders.ORIGIN)
                    && headers.containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            resolution = entry.resolve(request.getMethod().name(), request.getURI().getRawPath(), preflight,
                    entry.live().current().readsHeaders() ? headers::getFirst : Gateway.NO_HEADERS);
        }
        exchange.getAttributes().put(RESOLUTION, resolution == null ? OUTSIDE : resolution);
        return resolution;
    }

    /**
     * Serves a resolved request through the exchange's response: over Reactor Netty with its request (the reply
     * written on the connection's loop), else through WebFlux's request and response.
     */
    Mono<Void> serve(Resolution resolution, ServerWebExchange exchange) {
        HttpServerRequest request = nativeRequest(exchange);
        WebFluxReplyTarget target = new WebFluxReplyTarget(exchange.getResponse());
        if (request == null) {
            // a mock exchange (WebTestClient in a mock-environment test) or another server
            return entry.serve(resolution, new ServerHttpInboundRequest(exchange.getRequest()), target);
        }
        return entry.serve(resolution, request, target);
    }

    static @Nullable HttpServerRequest nativeRequest(ServerWebExchange exchange) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not over Reactor Netty (a mock exchange, another server)
            return null;
        }
    }
}
