package io.tollgate.core.function;

import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.RouteContext;

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
        GatewayFunction target = registry.find(function.function()).orElseThrow(() -> new IllegalArgumentException(
                "route '" + context.route().orElseThrow().key() + "' invokes the function '" + function.function()
                        + "', which does not exist"));
        var route = context.route().orElseThrow();
        FunctionInvoker invoker = new FunctionInvoker(target, function.function(), function.timeout(), function.maxConcurrency());
        if (!function.proxy()) {
            return Optional.of(new NonProxyHandler(function.mapping(),
                    "route '" + route.key() + "' of api '" + context.api().name() + "'", route.maxRequestBodySize(),
                    new FunctionBackend(invoker)));
        }
        return Optional.of(new FunctionIntegrationHandler(invoker, function, route.maxRequestBodySize()));
    }
}
