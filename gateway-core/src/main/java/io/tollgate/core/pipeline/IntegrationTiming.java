package io.tollgate.core.pipeline;

import io.tollgate.core.response.GatewayError;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times a route's integration on observed requests: from calling it until its reply's status and headers
 * ({@code $context.integrationLatency}), in a child span with the trace propagated to the backend when tracing is on.
 */
final class IntegrationTiming {

    private IntegrationTiming() {
    }

    static ExchangeHandler timed(ExchangeHandler integration, String type) {
        return exchange -> {
            RequestFacts facts = exchange.facts();
            if (!facts.observed()) {
                return integration.handle(exchange);
            }
            ExchangeTracer tracer = facts.tracer();
            Map<String, String> propagation = Map.of();
            ExchangeTracer.Step step = null;
            if (tracer != null) {
                propagation = new LinkedHashMap<>(4);
                step = tracer.integration(type, propagation);
            }
            facts.integrationStarted(System.nanoTime(), propagation);
            ExchangeTracer.Step span = step;
            boolean[] ended = new boolean[1];
            Mono<Reply> reply;
            try {
                reply = integration.handle(exchange);
            } catch (RuntimeException e) {
                reply = Mono.error(e);
            }
            if (span == null) {
                // untraced: one operator, the timing only
                return reply.doOnNext(r -> facts.integrationEnded(System.nanoTime(), r.isError() ? -1 : r.status()));
            }
            return reply
                    .doOnNext(r -> {
                        ended[0] = true;
                        // a gateway error of the integration (unreachable, timed out) has no integration status
                        facts.integrationEnded(System.nanoTime(), r.isError() ? -1 : r.status());
                        if (span != null) {
                            GatewayError error = r.error();
                            span.stop(error != null ? error.type().name() : Integer.toString(r.status()), null);
                        }
                    })
                    .doOnError(e -> {
                        if (!ended[0] && span != null) {
                            ended[0] = true;
                            span.stop("error", e);
                        }
                    })
                    .doOnCancel(() -> {
                        if (!ended[0] && span != null) {
                            ended[0] = true;
                            span.stop("cancelled", null);
                        }
                    });
        };
    }
}
