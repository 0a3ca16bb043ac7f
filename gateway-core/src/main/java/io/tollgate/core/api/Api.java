package io.tollgate.core.api;

import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.api.validation.RequestModel;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An API: a named set of routes served under a base path, in one or more stages. Immutable and validated; build
 * one with {@link #builder(String)}.
 */
public final class Api {

    /** Amazon API Gateway's payload limit: 10 MB. */
    public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 10L * 1024 * 1024;
    /** Amazon API Gateway's default integration timeout: 29 s. */
    public static final Duration DEFAULT_INTEGRATION_TIMEOUT = Duration.ofSeconds(29);

    private final String name;
    private final String id;
    private final ApiType type;
    private final String basePath;
    private final List<Route> routes;
    private final List<Stage> stages;
    private final Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses;
    private final List<String> binaryMediaTypes;
    private final @Nullable CorsConfiguration cors;
    private final @Nullable ResourcePolicy resourcePolicy;
    private final Map<String, Authorizer> authorizers;
    private final ApiKeySource apiKeySource;
    private final Map<String, RequestModel> models;
    private final @Nullable SelectionExpression routeSelectionExpression;
    private final WebSocketSettings webSocket;

    Api(String name, String id, ApiType type, String basePath, List<Route> routes, List<Stage> stages,
        Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses, List<String> binaryMediaTypes,
        @Nullable CorsConfiguration cors, @Nullable ResourcePolicy resourcePolicy, Map<String, Authorizer> authorizers,
        ApiKeySource apiKeySource, Map<String, RequestModel> models,
        @Nullable SelectionExpression routeSelectionExpression, WebSocketSettings webSocket) {
        this.name = Objects.requireNonNull(name);
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.basePath = Objects.requireNonNull(basePath);
        this.routes = List.copyOf(routes);
        this.stages = List.copyOf(stages);
        this.gatewayResponses = Collections.unmodifiableMap(new EnumMap<>(gatewayResponses.isEmpty()
                ? new EnumMap<>(GatewayResponseType.class) : gatewayResponses));
        this.binaryMediaTypes = List.copyOf(binaryMediaTypes);
        this.cors = cors;
        this.resourcePolicy = resourcePolicy;
        this.authorizers = Collections.unmodifiableMap(new LinkedHashMap<>(authorizers));
        this.apiKeySource = Objects.requireNonNull(apiKeySource);
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.routeSelectionExpression = routeSelectionExpression;
        this.webSocket = Objects.requireNonNull(webSocket);
    }

    /**
     * A WebSocket API's route selection expression ({@code $request.body.action}): its value for a message is the key of
     * the route that message goes to. Null for HTTP and REST APIs.
     */
    public @Nullable SelectionExpression routeSelectionExpression() {
        return routeSelectionExpression;
    }

    /** A WebSocket API's bounds on its connections ({@link WebSocketSettings#DEFAULTS} unless configured). */
    public WebSocketSettings webSocket() {
        return webSocket;
    }

    /** The API's models (JSON schemas that routes validate request bodies against), by name. */
    public Map<String, RequestModel> models() {
        return models;
    }

    /** Where routes that require an API key find it: the {@code x-api-key} header, or the authorizer's answer. */
    public ApiKeySource apiKeySource() {
        return apiKeySource;
    }

    /** The API's authorizers by name. */
    public Map<String, Authorizer> authorizers() {
        return authorizers;
    }

    /** The API's resource policy on client addresses, or null. */
    public @Nullable ResourcePolicy resourcePolicy() {
        return resourcePolicy;
    }

    /** The API's CORS configuration, or null when the gateway does not handle CORS for it. */
    public @Nullable CorsConfiguration cors() {
        return cors;
    }

    /** Media types ({@code image/png}, {@code image/*}, {@code *}{@code /*}) whose bodies functions get base64-encoded. */
    public List<String> binaryMediaTypes() {
        return binaryMediaTypes;
    }

    /** Whether {@code contentType} (parameters ignored) is one of the API's binary media types. */
    public boolean isBinary(@Nullable String contentType) {
        if (contentType == null || binaryMediaTypes.isEmpty()) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        for (String binary : binaryMediaTypes) {
            if (binary.equals("*/*") || binary.equals(type)
                    || (binary.endsWith("/*") && type.startsWith(binary.substring(0, binary.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The API id ({@code $context.apiId}); the name unless configured. */
    public String id() {
        return id;
    }

    public ApiType type() {
        return type;
    }

    /** The path the API is served under, {@code /} for the root; never ends with {@code /} otherwise. */
    public String basePath() {
        return basePath;
    }

    /** The routes, in declaration order (matching does not depend on it). */
    public List<Route> routes() {
        return routes;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The stage named {@code name}, or null. */
    public @Nullable Stage stage(String name) {
        for (Stage stage : stages) {
            if (stage.name().equals(name)) {
                return stage;
            }
        }
        return null;
    }

    /**
     * This API served in {@code stages} instead of its own: what a deployment's stages serve (each stage carries its own
     * settings, whichever deployment of the API it points at).
     */
    public Api withStages(List<Stage> stages) {
        return new Api(name, id, type, basePath, routes, stages, gatewayResponses, binaryMediaTypes, cors,
                resourcePolicy, authorizers, apiKeySource, models, routeSelectionExpression, webSocket);
    }

    /** The API's customised gateway responses (AWS's defaults apply to the types not listed). */
    public Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses() {
        return gatewayResponses;
    }

    @Override
    public String toString() {
        return "Api[" + name + ", " + type + ", " + basePath + ", " + routes.size() + " routes, stages "
                + stages.stream().map(Stage::name).toList() + "]";
    }

    /** Collects an API's definition; {@link #build()} validates all of it at once. */
    public static final class Builder {

        final String name;
        @Nullable String id;
        String type = ApiType.HTTP.name();
        String basePath = "/";
        @Nullable Duration integrationTimeout;
        @Nullable Long maxRequestBodySize;
        final Map<String, StageDefinition> stages = new LinkedHashMap<>();
        final List<RouteSpec> routes = new ArrayList<>();
        final Map<String, GatewayResponseDefinition> gatewayResponses = new LinkedHashMap<>();
        final List<String> binaryMediaTypes = new ArrayList<>();
        @Nullable CorsConfiguration cors;
        @Nullable ResourcePolicy resourcePolicy;
        final List<AuthorizerSpec> authorizers = new ArrayList<>();
        @Nullable String apiKeySource;
        final Map<String, ThrottleDefinition> throttles = new LinkedHashMap<>();
        final Map<String, String> models = new LinkedHashMap<>();
        final Map<String, StageCacheSpec> stageCaches = new LinkedHashMap<>();
        final Map<String, Map<String, MethodSetting>> methodSettings = new LinkedHashMap<>();
        @Nullable String routeSelectionExpression;
        @Nullable WebSocketSettings webSocket;

        Builder(String name) {
            this.name = name;
        }

        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        public Builder type(ApiType type) {
            this.type = type.name();
            return this;
        }

        /**
         * A WebSocket API's route selection expression ({@code $request.body.action}, {@code ${request.body.action}}):
         * required for a WebSocket API, refused for the others.
         */
        public Builder routeSelectionExpression(@Nullable String expression) {
            this.routeSelectionExpression = expression;
            return this;
        }

        /** A WebSocket API's bounds on its connections (default: AWS's quotas). */
        public Builder webSocket(@Nullable WebSocketSettings settings) {
            this.webSocket = settings;
            return this;
        }

        /** The type by name ({@code HTTP}, {@code REST} or {@code WEBSOCKET}, case-insensitive). */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        /** The default integration timeout of the API's routes (AWS: 29 s). */
        public Builder integrationTimeout(@Nullable Duration timeout) {
            this.integrationTimeout = timeout;
            return this;
        }

        /** The largest request body the API's routes accept, in bytes (AWS: 10 MB). */
        public Builder maxRequestBodySize(@Nullable Long bytes) {
            this.maxRequestBodySize = bytes;
            return this;
        }

        /** Adds a stage; without any, the API has the single stage {@code $default}. */
        public Builder stage(String name, @Nullable Map<String, String> variables) {
            return stage(name, variables, null);
        }

        /** Adds a stage with an explicit path prefix ({@code ""} serves it at the base path). */
        public Builder stage(String name, @Nullable Map<String, String> variables, @Nullable String pathPrefix) {
            stages.put(name, new StageDefinition(variables == null ? Map.of() : variables, pathPrefix));
            return this;
        }

        public Builder route(String routeKey, IntegrationSpec integration) {
            return route(new RouteSpec(routeKey, integration));
        }

        public Builder route(RouteSpec route) {
            routes.add(route);
            return this;
        }

        /** Declares an authorizer routes can refer to by name. */
        public Builder authorizer(AuthorizerSpec authorizer) {
            authorizers.add(authorizer);
            return this;
        }

        /** {@code HEADER} (default: {@code x-api-key}) or {@code AUTHORIZER} (the custom authorizer's usageIdentifierKey). */
        public Builder apiKeySource(@Nullable String source) {
            this.apiKeySource = source;
            return this;
        }

        /**
         * Throttles stage {@code stage}: {@code throttle} for all its routes together (null: none) and
         * {@code routeThrottles} for single routes by route key.
         */
        public Builder stageThrottle(String stage, @Nullable Throttle throttle,
                                     @Nullable Map<String, Throttle> routeThrottles) {
            throttles.put(stage, new ThrottleDefinition(throttle, routeThrottles == null ? Map.of() : routeThrottles));
            return this;
        }

        /**
         * Adds a model: a JSON schema (draft 4 unless its {@code $schema} names a newer draft) that routes name in
         * {@link RouteSpec#requestModels} to validate request bodies.
         */
        public Builder model(String name, String schema) {
            models.put(name, schema);
            return this;
        }

        /**
         * Gives stage {@code stage} AWS's method settings: by route key ({@code GET /pets/{id}}) or &#42;/&#42; for
         * all its routes, each route's over those of all.
         */
        public Builder methodSettings(String stage, Map<String, MethodSetting> settings) {
            methodSettings.put(stage, new LinkedHashMap<>(settings));
            return this;
        }

        /** Gives stage {@code stage} a response cache (AWS's stage cache). */
        public Builder stageCache(String stage, StageCacheSpec cache) {
            stageCaches.put(stage, cache);
            return this;
        }

        /** Allows or denies client addresses before anything else runs (403). */
        public Builder resourcePolicy(@Nullable ResourcePolicy policy) {
            this.resourcePolicy = policy;
            return this;
        }

        /** Lets the gateway handle CORS for this API (preflights and headers). */
        public Builder cors(@Nullable CorsConfiguration cors) {
            this.cors = cors;
            return this;
        }

        /** Media types whose request and response bodies functions exchange base64-encoded, as AWS's binaryMediaTypes. */
        public Builder binaryMediaTypes(@Nullable List<String> mediaTypes) {
            if (mediaTypes != null) {
                binaryMediaTypes.addAll(mediaTypes);
            }
            return this;
        }

        /**
         * Customises a gateway response type ({@code MISSING_AUTHENTICATION_TOKEN}, {@code DEFAULT_4XX}, ...): its
         * status (null keeps AWS's), headers and body templates by media type.
         */
        public Builder gatewayResponse(String type, @Nullable Integer statusCode, @Nullable Map<String, String> headers,
                                       @Nullable Map<String, String> templates) {
            gatewayResponses.put(type, new GatewayResponseDefinition(statusCode,
                    headers == null ? Map.of() : headers, templates == null ? Map.of() : templates));
            return this;
        }

        /** Validates the definition and builds the API; throws {@link InvalidDefinitionException} naming every problem. */
        public Api build() {
            return new ApiValidator(this).validate();
        }
    }

    /** A stage's throttle as defined, and its routes' throttles by route key (checked by the usage model). */
    public record ThrottleDefinition(@Nullable Throttle throttle, Map<String, Throttle> routeThrottles) {
    }

    record StageDefinition(Map<String, String> variables, @Nullable String pathPrefix) {
    }

    /** A gateway response's customisation as defined (checked by the integration model's checks). */
    public record GatewayResponseDefinition(@Nullable Integer statusCode, Map<String, String> headers,
                                            Map<String, String> templates) {
    }
}
