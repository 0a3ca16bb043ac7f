package io.tollgate.core.integration;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.mapping.TemplateRenderException;
import io.tollgate.core.nonproxy.JsonBodies;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import reactor.core.publisher.Mono;

/**
 * The "backend" of a MOCK integration with templates: the request template renders {@code {"statusCode": N}} and N
 * selects the integration response, as in AWS. Without a request template, or without a status code, it is 200. The
 * response template's {@code $input} is empty: the request template's output is not passed on.
 */
final class MockBackend implements NonProxyHandler.Backend {

    @Override
    public Mono<NonProxyHandler.Answer> call(GatewayExchange exchange, NonProxyHandler.Outgoing outgoing) {
        int status = 200;
        if (outgoing.templateResult() != null) {
            String value = JsonBodies.read(outgoing.body(), "$.statusCode");
            if (value != null) {
                try {
                    status = (int) Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    return Mono.error(new TemplateRenderException("the mock request template's statusCode is not a number: "
                            + value, e));
                }
            }
        }
        return Mono.just(new NonProxyHandler.Answer(status, new DefaultHttpHeaders(), "", Integer.toString(status)));
    }
}
