package io.tollgate.core.nonproxy;

import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.mapping.TemplateInput;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.QueryString;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What templates see of an exchange: its parameters as {@code $input.params()}, its {@code $context} values. */
final class ExchangeTemplates {

    private ExchangeTemplates() {
    }

    /** The template input of a request (or of a response, with the backend's body) of {@code exchange}. */
    static TemplateInput input(GatewayExchange exchange, String body) {
        TemplateInput.Builder input = TemplateInput.builder().body(body);
        if (exchange.match() != null) {
            exchange.match().pathParameters().forEach(input::pathParameter);
        }
        QueryString query = exchange.query();
        query.asMap().forEach((name, values) -> input.queryParameter(name, values.get(0)));
        for (String name : exchange.request().headers().names()) {
            List<String> values = exchange.request().headers().getAll(name);
            input.header(name, values.size() == 1 ? values.get(0) : String.join(",", values));
        }
        exchange.stage().variables().forEach(input::stageVariable);
        return input.build();
    }

    /** The {@code $context} values of {@code exchange}, dotted names nested ({@code identity.sourceIp}). */
    static Map<String, Object> context(GatewayExchange exchange) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (ContextVariable variable : ContextVariable.values()) {
            if (variable == ContextVariable.AUTHORIZER) {
                context.put("authorizer", authorizer(exchange.authorization()));
                continue;
            }
            String name = variable.variableName();
            int dot = name.indexOf('.');
            String value = exchange.context(variable);
            if (dot < 0) {
                context.put(name, value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) context.computeIfAbsent(name.substring(0, dot),
                        k -> new LinkedHashMap<String, Object>());
                group.put(name.substring(dot + 1), value);
            }
        }
        return context;
    }

    /** {@code $context.authorizer}: principalId, the custom authorizer's context values, a JWT's claims. */
    private static Map<String, Object> authorizer(@Nullable Authorization authorization) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (authorization == null) {
            return values;
        }
        authorization.context().forEach((key, value) -> values.put(key, String.valueOf(value)));
        if (authorization.principalId() != null) {
            values.put("principalId", authorization.principalId());
        }
        values.put("integrationLatency", Long.toString(authorization.latencyMillis()));
        if (!authorization.claims().isEmpty()) {
            values.put("claims", new LinkedHashMap<>(authorization.claims()));
        }
        return values;
    }
}
