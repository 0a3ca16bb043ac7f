package io.tollgate.core.observability;

import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.pipeline.AuthorizerTiming;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestFacts;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One {@code $context} variable of an access log format, resolved at startup; null or empty renders {@code -}. */
@FunctionalInterface
interface AccessLogValue {

    @Nullable String value(GatewayExchange exchange, RequestOutcome outcome);

    /**
     * The value of {@code $context.<name>}.
     *
     * @throws IllegalArgumentException for an unknown variable, or one that is never logged (an API key's value)
     */
    static AccessLogValue of(String name) {
        switch (name) {
            case "status":
                return (exchange, outcome) -> Integer.toString(outcome.status());
            case "responseLength":
                return (exchange, outcome) -> Long.toString(outcome.responseLength());
            case "responseLatency":
                return (exchange, outcome) -> Long.toString(TimeUnit.NANOSECONDS.toMillis(outcome.latencyNanos()));
            case "integrationLatency", "integration.latency":
                return (exchange, outcome) -> {
                    RequestFacts facts = exchange.facts();
                    return facts.integrationNanos() < 0 ? null
                            : Long.toString(TimeUnit.NANOSECONDS.toMillis(facts.integrationNanos()));
                };
            case "integrationStatus", "integration.status":
                return (exchange, outcome) -> {
                    RequestFacts facts = exchange.facts();
                    return facts.integrationStatus() < 0 ? null : Integer.toString(facts.integrationStatus());
                };
            case "error.message":
                return (exchange, outcome) -> outcome.error() == null ? null : outcome.error().message();
            case "error.messageString":
                return (exchange, outcome) -> outcome.error() == null ? null : '"' + outcome.error().message() + '"';
            case "error.responseType":
                return (exchange, outcome) -> outcome.error() == null ? null : outcome.error().type().name();
            case "authorizer.latency", "authorizer.integrationLatency":
                return (exchange, outcome) -> {
                    AuthorizerTiming timing = authorizer(exchange);
                    return timing == null ? null : Long.toString(TimeUnit.NANOSECONDS.toMillis(timing.nanos()));
                };
            case "authorizer.status":
                return (exchange, outcome) -> {
                    AuthorizerTiming timing = authorizer(exchange);
                    return timing == null ? null : timing.rejection() == null ? "200"
                            : Integer.toString(timing.rejection().defaultStatus());
                };
            case "authorizer.error":
                return (exchange, outcome) -> {
                    AuthorizerTiming timing = authorizer(exchange);
                    GatewayError error = outcome.error();
                    return timing == null || timing.rejection() == null || error == null ? null : error.message();
                };
            case "identity.apiKeyId":
                return (exchange, outcome) -> exchange.facts().apiKeyId();
            case "identity.apiKey":
                throw new IllegalArgumentException("$context.identity.apiKey is never logged (API keys are secrets):"
                        + " log $context.identity.apiKeyId instead");
            default:
                Optional<ContextVariable> variable = ContextVariable.byName(name);
                if (variable.isEmpty()) {
                    throw new IllegalArgumentException("$context." + name + " is not a variable access logs know: "
                            + "status, responseLength, responseLatency, integrationLatency, integrationStatus, "
                            + "error.message, error.messageString, error.responseType, authorizer.latency, "
                            + "authorizer.status, authorizer.error, identity.apiKeyId, " + ContextVariable.names());
                }
                ContextVariable v = variable.get();
                return v == ContextVariable.AUTHORIZER
                        ? (exchange, outcome) -> exchange.context(v, name)
                        : (exchange, outcome) -> exchange.context(v);
        }
    }

    private static @Nullable AuthorizerTiming authorizer(GatewayExchange exchange) {
        return exchange.facts().authorizer();
    }
}
