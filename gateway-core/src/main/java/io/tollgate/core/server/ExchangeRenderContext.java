package io.tollgate.core.server;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.GatewayResponseCustomization;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.response.GatewayResponseRenderer;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/** What a gateway response may refer to, read from the exchange it answers. */
final class ExchangeRenderContext implements GatewayResponseRenderer.RenderContext {

    private final GatewayExchange exchange;
    private final boolean customised;

    ExchangeRenderContext(GatewayExchange exchange) {
        this(exchange, true);
    }

    private ExchangeRenderContext(GatewayExchange exchange, boolean customised) {
        this.exchange = exchange;
        this.customised = customised;
    }

    /** The same exchange with none of the API's customisations: AWS's default gateway responses. */
    ExchangeRenderContext uncustomised() {
        return new ExchangeRenderContext(exchange, false);
    }

    @Override
    public ApiType apiType() {
        return exchange.api().type();
    }

    @Override
    public Map<GatewayResponseType, GatewayResponseCustomization> customizations() {
        return customised ? exchange.api().gatewayResponses() : Map.of();
    }

    @Override
    public @Nullable String contextValue(String name) {
        return ContextVariable.byName(name).map(exchange::context).orElse(null);
    }

    @Override
    public String stageVariable(String name) {
        return exchange.stageVariable(name);
    }

    @Override
    public @Nullable String requestHeader(String name) {
        return exchange.header(name);
    }

    @Override
    public @Nullable String queryParameter(String name) {
        List<String> values = exchange.query().all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public @Nullable String pathParameter(String name) {
        return exchange.pathParameter(name);
    }
}
