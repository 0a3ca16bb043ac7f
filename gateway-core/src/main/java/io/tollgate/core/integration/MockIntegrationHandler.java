package io.tollgate.core.integration;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/** Answers a {@code MOCK} integration from the gateway: fixed status, headers and body, prepared at startup. */
final class MockIntegrationHandler implements ExchangeHandler {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    MockIntegrationHandler(MockIntegration mock) {
        this.status = mock.statusCode();
        this.body = mock.body().getBytes(StandardCharsets.UTF_8);
        HttpHeaders prepared = new DefaultHttpHeaders();
        mock.headers().forEach(prepared::set);
        if (body.length > 0 && !prepared.contains(HttpHeaderNames.CONTENT_TYPE)) {
            prepared.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        this.headers = prepared;
    }

    @Override
    public Mono<Reply> handle(GatewayExchange exchange) {
        return Mono.just(Reply.of(status, new DefaultHttpHeaders().set(headers), body));
    }
}
