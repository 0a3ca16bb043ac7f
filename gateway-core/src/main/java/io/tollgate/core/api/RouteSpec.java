package io.tollgate.core.api;

import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The definition of a route as a user writes it (raw values, checked when the API is built). */
public final class RouteSpec {

    private final @Nullable String routeKey;
    private final @Nullable IntegrationSpec integration;
    private @Nullable Long maxRequestBodySize;
    private @Nullable String authorizer;
    private boolean apiKeyRequired;
    private @Nullable String authorizationType;
    private final List<String> authorizationScopes = new ArrayList<>();
    private @Nullable String requestValidator;
    private final Map<String, Boolean> requestParameters = new LinkedHashMap<>();
    private final Map<String, String> requestModels = new LinkedHashMap<>();
    private @Nullable RouteCacheSpec cache;
    private final List<StepUse> steps = new ArrayList<>();
    private @Nullable String routeResponseSelectionExpression;

    public RouteSpec(@Nullable String routeKey, @Nullable IntegrationSpec integration) {
        this.routeKey = routeKey;
        this.integration = integration;
    }

    /**
     * A WebSocket API's route response: {@code $default} (the only one AWS has) makes the route two-way, its
     * integration's answer sent to the client; without it nothing of the answer reaches the client.
     */
    public RouteSpec routeResponseSelectionExpression(@Nullable String expression) {
        this.routeResponseSelectionExpression = expression;
        return this;
    }

    public @Nullable String routeResponseSelectionExpression() {
        return routeResponseSelectionExpression;
    }

    /** The largest request body this route accepts, in bytes; the API's limit when not set. */
    public RouteSpec maxRequestBodySize(@Nullable Long bytes) {
        this.maxRequestBodySize = bytes;
        return this;
    }

    /** The API's authorizer (JWT, TOKEN or REQUEST) that protects this route. */
    public RouteSpec authorizer(@Nullable String name) {
        this.authorizer = name;
        return this;
    }

    /** {@code NONE}, {@code AWS_IAM} (SigV4), or {@code JWT}/{@code CUSTOM} (implied by {@link #authorizer}). */
    public RouteSpec authorizationType(@Nullable String type) {
        this.authorizationType = type;
        return this;
    }

    /** Scopes a JWT must carry, any one of them ({@code scope} or {@code scp} claim). */
    public RouteSpec authorizationScopes(@Nullable List<String> scopes) {
        if (scopes != null) {
            authorizationScopes.addAll(scopes);
        }
        return this;
    }

    /** Whether callers must send an API key that belongs to a usage plan of the stage (403 otherwise). */
    public RouteSpec apiKeyRequired(@Nullable Boolean required) {
        this.apiKeyRequired = Boolean.TRUE.equals(required);
        return this;
    }

    /** The request validator: {@code FULL}, {@code BODY_ONLY} or {@code PARAMS_ONLY}; none when not set. */
    public RouteSpec requestValidator(@Nullable String validator) {
        this.requestValidator = validator;
        return this;
    }

    /**
     * Declared request parameters, {@code method.request.querystring|header|path.NAME} to whether it is required
     * (checked by a {@code FULL} or {@code PARAMS_ONLY} validator: present and not blank, else 400).
     */
    public RouteSpec requestParameters(@Nullable Map<String, Boolean> parameters) {
        if (parameters != null) {
            requestParameters.putAll(parameters);
        }
        return this;
    }

    /** The body's model (an API model's name) by content type ({@code application/json}, {@code $default}). */
    public RouteSpec requestModels(@Nullable Map<String, String> models) {
        if (models != null) {
            requestModels.putAll(models);
        }
        return this;
    }

    /** The request validator's name, as set (null: none). */
    public @Nullable String requestValidator() {
        return requestValidator;
    }

    /** The declared request parameters (expression → required), as set. */
    public Map<String, Boolean> requestParameters() {
        return requestParameters;
    }

    /** The request models by content type, as set. */
    public Map<String, String> requestModels() {
        return requestModels;
    }

    /** The route's cache settings over its stage's (null: the defaults). */
    public RouteSpec cache(@Nullable RouteCacheSpec cache) {
        this.cache = cache;
        return this;
    }

    /** Adds a named step the route takes (an application's own step, found by {@code name}), with its arguments. */
    public RouteSpec step(@Nullable String name, Map<String, String> args) {
        steps.add(new StepUse(name == null ? "" : name, args));
        return this;
    }

    /** The named steps the route takes, in order. */
    public List<StepUse> steps() {
        return steps;
    }

    /** The route's cache settings, as set (null: the stage's). */
    public @Nullable RouteCacheSpec cache() {
        return cache;
    }

    /** Whether the route requires an API key. */
    public boolean apiKeyRequired() {
        return apiKeyRequired;
    }

    /** The authorizer's name, as set (null: none). */
    public @Nullable String authorizer() {
        return authorizer;
    }

    /** The authorization type, as set (null: from the authorizer). */
    public @Nullable String authorizationType() {
        return authorizationType;
    }

    /** The authorization scopes, as set. */
    public List<String> authorizationScopes() {
        return authorizationScopes;
    }

    /** The route key, as set. */
    public @Nullable String routeKey() {
        return routeKey;
    }

    /** The integration, as set. */
    public @Nullable IntegrationSpec integration() {
        return integration;
    }

    /** The largest request body, as set (null: the API's). */
    public @Nullable Long maxRequestBodySize() {
        return maxRequestBodySize;
    }
}
