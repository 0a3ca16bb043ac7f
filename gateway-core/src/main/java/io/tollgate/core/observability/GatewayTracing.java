package io.tollgate.core.observability;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.tollgate.core.pipeline.ExchangeTracer;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestListenerFactory;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.pipeline.RouteContext;

import java.util.Map;
import java.util.Optional;

/**
 * One Micrometer observation per request ({@value #REQUEST}), continuing the client's trace from the request headers,
 * with child observations for the authorizer ({@value #AUTHORIZER}) and the integration ({@value #INTEGRATION}), whose
 * trace context (W3C {@code traceparent}, or B3, as the tracer propagates) goes to the backend. Low-cardinality keys:
 * api, stage, route, method, status, outcome (and the authorizer's or integration's type); the request id, path and
 * source IP only as high-cardinality keys (span tags). Nothing is compiled in for a no-op registry.
 */
public final class GatewayTracing implements RequestListenerFactory {

    public static final String REQUEST = "tollgate.request";
    public static final String AUTHORIZER = "tollgate.request.authorizer";
    public static final String INTEGRATION = "tollgate.request.integration";

    private final ObservationRegistry registry;

    public GatewayTracing(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<RequestListener> create(RouteContext route) {
        if (registry.isNoop()
                || Boolean.FALSE.equals(route.stage().methodSetting(RouteTags.route(route)).tracingEnabled())) {
            return Optional.empty(); // no tracing, or the stage's method settings turn this route's traces off
        }
        return Optional.of(new RouteTracing(RouteTags.keyValues(route), RouteTags.route(route)));
    }

    /** The request's context: the carrier is the exchange, whose headers hold the client's trace context. */
    public static final class RequestContext extends ReceiverContext<GatewayExchange> {

        RequestContext(GatewayExchange exchange) {
            super((carrier, key) -> carrier.header(key));
            setCarrier(exchange);
        }
    }

    private final class RouteTracing implements RequestListener {

        private final KeyValues keyValues;
        private final String route;

        RouteTracing(KeyValues keyValues, String route) {
            this.keyValues = keyValues;
            this.route = route;
        }

        @Override
        public Completion start(GatewayExchange exchange) {
            String method = RouteTags.method(exchange.request().method());
            Observation observation = Observation.createNotStarted(REQUEST, () -> new RequestContext(exchange), registry)
                    .contextualName(route.startsWith("$") ? method + " " + route : route)
                    .lowCardinalityKeyValues(keyValues)
                    .lowCardinalityKeyValue(MeterNames.METHOD, method)
                    .highCardinalityKeyValue("request.id", exchange.requestId())
                    .highCardinalityKeyValue("path", exchange.path().raw())
                    .highCardinalityKeyValue("source.ip", exchange.sourceIp())
                    .start();
            exchange.observe().tracer(new Tracer(observation, keyValues));
            return (ex, outcome) -> stop(observation, outcome);
        }

        private void stop(Observation observation, RequestOutcome outcome) {
            observation.lowCardinalityKeyValue(MeterNames.STATUS, Integer.toString(outcome.status()))
                    .lowCardinalityKeyValue(MeterNames.OUTCOME, RouteTags.outcome(outcome.status()));
            if (outcome.failure() != null) {
                observation.error(outcome.failure());
            }
            observation.stop();
        }
    }

    private final class Tracer implements ExchangeTracer {

        private final Observation parent;
        private final KeyValues keyValues;

        Tracer(Observation parent, KeyValues keyValues) {
            this.parent = parent;
            this.keyValues = keyValues;
        }

        @Override
        public Step integration(String type, Map<String, String> propagation) {
            @SuppressWarnings("NullAway") // the carrier is never null: it is the propagation map, set below
            SenderContext<Map<String, String>> context = new SenderContext<>((carrier, key, value) -> carrier.put(key, value));
            context.setCarrier(propagation);
            context.setRemoteServiceName(type);
            return child(Observation.createNotStarted(INTEGRATION, () -> context, registry)
                    .contextualName("integration " + type), type);
        }

        @Override
        public Step authorizer(String type) {
            return child(Observation.createNotStarted(AUTHORIZER, registry).contextualName("authorizer " + type), type);
        }

        private Step child(Observation observation, String type) {
            observation.parentObservation(parent).lowCardinalityKeyValues(keyValues)
                    .lowCardinalityKeyValue(MeterNames.AUTHORIZER_TYPE, type).start();
            return (outcome, error) -> {
                observation.lowCardinalityKeyValue(MeterNames.OUTCOME, outcome);
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            };
        }
    }
}
