package io.tollgate.core.function;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/** Creates {@code FUNCTION} integrations from the functions a {@link FunctionRegistry} knows. */
public final class FunctionIntegrations implements IntegrationFactory {

    private final FunctionRegistry registry;

    public FunctionIntegrations(FunctionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<ExchangeHandler> create(RouteContext context, Integration integration) {
        if (!(integration instanceof FunctionIntegration function)) {
            return Optional.empty();
        }
        var route = context.route().orElseThrow();
        String name = stageVariables(function.function(), context);
        if (name == null) {
            // as AWS: a function named by a stage variable the stage does not set answers 500
            return Optional.of(exchange -> Reply.errorMono(GatewayError.of(GatewayResponseType.API_CONFIGURATION_ERROR)));
        }
        GatewayFunction target = registry.find(name).orElseThrow(() -> new IllegalArgumentException(
                "route '" + route.key() + "' invokes the function '" + name + "'"
                        + (name.equals(function.function()) ? "" : " (" + function.function() + " in stage '"
                        + context.stage().name() + "')") + ", which does not exist"));
        FunctionInvoker invoker = new FunctionInvoker(target, name, function.timeout(), function.maxConcurrency());
        if (!function.proxy()) {
            return Optional.of(new NonProxyHandler(function.mapping(),
                    "route '" + route.key() + "' of api '" + context.api().name() + "'", route.maxRequestBodySize(),
                    new FunctionBackend(invoker)));
        }
        return Optional.of(new FunctionIntegrationHandler(invoker, function, route.maxRequestBodySize()));
    }

    /**
     * {@code name} with its {@code ${stageVariables.x}} replaced by the stage's values (AWS's Lambda ARNs name functions
     * so: {@code function:${stageVariables.fn}}); null when the stage does not set one of them.
     */
    static @Nullable String stageVariables(String name, RouteContext context) {
        if (!name.contains("${stageVariables.")) {
            return name;
        }
        StringBuilder resolved = new StringBuilder();
        int at = 0;
        while (true) {
            int start = name.indexOf("${stageVariables.", at);
            if (start < 0) {
                resolved.append(name, at, name.length());
                return resolved.toString();
            }
            int end = name.indexOf('}', start);
            if (end < 0) {
                return null;
            }
            String value = context.stage().variables().get(name.substring(start + "${stageVariables.".length(), end));
            if (value == null || value.isEmpty()) {
                return null;
            }
            resolved.append(name, at, start).append(value);
            at = end + 1;
        }
    }
}
