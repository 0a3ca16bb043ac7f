package io.tollgate.autoconfigure;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.ConnectionLoop;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.ReactorNettyInboundRequest;
import io.tollgate.core.server.Resolution;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import java.util.Map;

/**
 * A WebFlux handler mapping for gateway requests, ordered after the application's controllers and router functions
 * (and before static resources), so an application endpoint under an API's base path keeps working.
 */
public final class TollgateHandlerMapping extends AbstractHandlerMapping {

    /** After annotated controllers (0) and router functions (-1), before static resources (lowest - 1). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final Gateway gateway;

    public TollgateHandlerMapping(Gateway gateway) {
        this.gateway = gateway;
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
        Resolution resolution = gateway.resolve(exchange.getRequest().getMethod().name(),
                exchange.getRequest().getURI().getRawPath());
        if (resolution == null) {
            return Mono.empty();
        }
        return Mono.just((WebHandler) ex -> handle(resolution, ex));
    }

    /** Serves a resolved gateway request through WebFlux's exchange. */
    Mono<Void> serve(Resolution resolution, ServerWebExchange exchange) {
        return handle(resolution, exchange);
    }

    private Mono<Void> handle(Resolution resolution, ServerWebExchange exchange) {
        HttpServerRequest request;
        try {
            request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        } catch (IllegalArgumentException e) {
            return Mono.error(new IllegalStateException("Tollgate serves requests on Reactor Netty only", e));
        }
        EventLoop loop = ConnectionLoop.of(request);
        return gateway.process(resolution, new ReactorNettyInboundRequest(request))
                .flatMap(reply -> ConnectionLoop.write(loop, reply, r -> write(r, exchange.getResponse())))
                .doOnDiscard(Reply.class, Reply::discard);
    }

    private static Mono<Void> write(Reply reply, ServerHttpResponse response) {
        response.setStatusCode(HttpStatusCode.valueOf(reply.status()));
        for (Map.Entry<String, String> header : reply.headers()) {
            response.getHeaders().add(header.getKey(), header.getValue());
        }
        byte[] bytes = reply.bytes();
        if (bytes != null) {
            response.getHeaders().setContentLength(bytes.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        }
        if (!reply.isStreaming()) {
            return response.setComplete();
        }
        NettyDataBufferFactory factory = (NettyDataBufferFactory) response.bufferFactory();
        // never asked for (the connection went away first): discarded, so the backend connection is released
        java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
        Flux<DataBuffer> body = reply.body().doOnSubscribe(s -> subscribed.set(true)).map((ByteBuf buf) -> factory.wrap(buf));
        return response.writeWith(body).doFinally(signal -> {
            if (!subscribed.get()) {
                reply.discard();
            }
        });
    }
}
