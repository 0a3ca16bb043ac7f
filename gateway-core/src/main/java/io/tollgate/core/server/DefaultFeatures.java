package io.tollgate.core.server;

import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.cache.CacheFeature;
import io.tollgate.core.cors.CorsFeature;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.policy.ResourcePolicyFeature;
import io.tollgate.core.validation.RequestValidationFeature;
import io.tollgate.core.websocket.WebSocketApiFeature;

import java.util.List;

/**
 * The features a gateway built in plain Java ({@link Gateway#builder()}) has unless told otherwise: everything an API
 * definition can ask for without settings of the gateway's own. Features that need such settings (usage plans and
 * their stores, function beans, custom authorizers, IAM credentials) are added to the builder; each replaces the
 * default of its class. A Spring application does not use this list: its features are its auto-configurations' beans.
 */
public final class DefaultFeatures {

    private DefaultFeatures() {
    }

    /**
     * Resource policies, CORS, JWT authorizers, request validation, stage caches, HTTP and mock integrations, WebSocket
     * APIs.
     */
    public static List<GatewayFeature> create() {
        return List.of(new ResourcePolicyFeature(), new CorsFeature(), new AuthorizerFeature(),
                new RequestValidationFeature(), new CacheFeature(), new HttpIntegrationFeature(),
                new WebSocketApiFeature());
    }
}
