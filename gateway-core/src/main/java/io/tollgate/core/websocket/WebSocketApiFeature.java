package io.tollgate.core.websocket;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.pipeline.ApiEndpointFactory;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import io.tollgate.core.pipeline.RouteContext;

import java.util.Map;

/**
 * WebSocket APIs ({@code type: WEBSOCKET}): each stage's URL takes connections, {@code $connect} decides them, every
 * message goes to the route its route selection expression names, {@code $disconnect} hears of their end. The open
 * connections belong to this feature ({@link #connections()}), so a gateway rebuilt with it keeps them.
 */
public final class WebSocketApiFeature implements GatewayFeature {

    private final LocalConnections connections;

    /** WebSocket APIs whose connections are reached on this instance only. */
    public WebSocketApiFeature() {
        this(ConnectionDirectory.LOCAL);
    }

    /**
     * WebSocket APIs whose connections on other instances are reached through {@code directory} (which the caller
     * closes; this feature binds it to its connections).
     */
    public WebSocketApiFeature(ConnectionDirectory directory) {
        this.connections = new LocalConnections(directory);
    }

    /** The connections, open on this instance or (through the directory) on another, to send to, describe and close. */
    public WebSocketConnections connections() {
        return connections;
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return Contribution.endpoints(new ApiEndpointFactory() {
            @Override
            public ApiType type() {
                return ApiType.WEBSOCKET;
            }

            @Override
            public ExchangeHandler create(RouteContext stage, Map<RouteKey, ExchangeHandler> routes, Steps steps) {
                return new StageEndpoint(stage.api(), stage.stage(), routes, steps, resources.clock(), connections);
            }
        });
    }
}
