package io.tollgate.autoconfigure;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.openapi.BasePathMode;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.integration.IntegrationType;
import io.tollgate.core.api.integration.PassthroughBehavior;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.integration.ForwardedHeaders;
import io.tollgate.core.api.ExecutionLogLevel;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tollgate's configuration: the APIs this application serves as its own gateway.
 *
 * @param enabled          whether the gateway is on
 * @param apis             the APIs, by name
 * @param httpClient       the connection pool of HTTP integrations
 * @param forwardedHeaders how backends learn about the client: x-forwarded (X-Forwarded-For appended to,
 *                         X-Forwarded-Proto and X-Forwarded-Host set), forwarded (an RFC 7239 Forwarded header) or
 *                         none
 * @param websocket        how WebSocket sessions through the gateway are bounded
 * @param server           how gateway routes are served
 * @param functions        how function integrations run
 * @param iam              the credentials AWS_IAM routes check SigV4 signatures against
 * @param openapi          APIs imported from OpenAPI documents ({@code tollgate.apis.<name>.openapi})
 */
@ConfigurationProperties("tollgate")
public record TollgateProperties(
        @DefaultValue("true") boolean enabled,
        Map<String, ApiProperties> apis,
        @DefaultValue HttpClientProperties httpClient,
        @DefaultValue("x-forwarded") ForwardedHeaders forwardedHeaders,
        @DefaultValue WebSocketProperties websocket,
        @DefaultValue ServerProperties server,
        @DefaultValue FunctionsProperties functions,
        @DefaultValue @NestedConfigurationProperty IamProperties iam,
        @DefaultValue OpenApiProperties openapi) {

    public TollgateProperties {
        apis = apis == null ? Map.of() : apis;
    }

    /**
     * An API.
     *
     * @param id                    the API id, {@code $context.apiId} (default: the API's name)
     * @param type                  {@code HTTP} (unmatched routes answer 404), {@code REST} (403 "Missing
     *                              Authentication Token") or {@code WEBSOCKET} (the stage's URL takes WebSocket
     *                              connections; each message goes to the route its route selection expression names)
     * @param basePath              the path the API is served under
     * @param integrationTimeout    the default integration timeout of its routes (50 ms to 29 s for REST, 30 s for HTTP)
     * @param maxRequestBodySize    the largest request body its routes accept (413 above it)
     * @param stages                the stages, by name; {@code $default} (write it {@code "[$default]"} in YAML) is
     *                              served at the base path, any other stage under {@code /{name}}
     * @param routes                the routes
     * @param gatewayResponses      customised gateway responses by type ({@code MISSING_AUTHENTICATION_TOKEN},
     *                              {@code DEFAULT_4XX}, ...)
     * @param binaryMediaTypes      media types ({@code image/png}, {@code image/*}) whose bodies function integrations
     *                              exchange base64-encoded
     * @param apiKeySource          where routes that require an API key find it: {@code HEADER} ({@code x-api-key},
     *                              default) or {@code AUTHORIZER} (a custom authorizer's {@code usageIdentifierKey})
     * @param cors                  CORS handled by the gateway (preflights, headers on every response); off when not set
     * @param resourcePolicy        client addresses allowed or denied before anything else runs
     * @param authorizers           the API's authorizers by name (JWT, and TOKEN/REQUEST custom authorizers), which
     *                              routes refer to with {@code authorizer}
     * @param models                JSON schemas (draft 4 unless {@code $schema} says otherwise) by name, which routes'
     *                              {@code request-models} refer to; a value {@code classpath:...} or {@code file:...}
     *                              loads the schema from there
     * @param routeSelectionExpression WEBSOCKET: what names a message's route ({@code $request.body.action}, or
     *                              {@code ${request.body.service}/${request.body.action}}); required for a WebSocket API
     * @param websocket             WEBSOCKET: the bounds of its connections (AWS's quotas by default)
     * @param openapi               an OpenAPI document (2.0 or 3.x, JSON or YAML) with Amazon API Gateway's
     *                              {@code x-amazon-apigateway-*} extensions that defines the API, as AWS imports it:
     *                              {@code classpath:petstore.json} or {@code file:...}; the properties written beside
     *                              it override or complete it (a route with the same {@code route-key} is merged
     *                              into the imported one)
     * @param openapiImport         how the {@code openapi} document is imported
     */
    public record ApiProperties(
            @Nullable String id,
            @DefaultValue("HTTP") ApiType type,
            @DefaultValue("/") String basePath,
            @DefaultValue("29s") Duration integrationTimeout,
            @DefaultValue("10MB") DataSize maxRequestBodySize,
            Map<String, StageProperties> stages,
            List<RouteProperties> routes,
            Map<String, GatewayResponseProperties> gatewayResponses,
            List<String> binaryMediaTypes,
            @Nullable CorsProperties cors,
            @Nullable ResourcePolicyProperties resourcePolicy,
            Map<String, AuthorizerProperties> authorizers,
            @Nullable ApiKeySource apiKeySource,
            Map<String, String> models,
            @Nullable String routeSelectionExpression,
            @Nullable ApiWebSocketProperties websocket,
            @Nullable String openapi,
            @Nullable OpenApiImportProperties openapiImport) {

        public ApiProperties {
            models = models == null ? Map.of() : models;
            authorizers = authorizers == null ? Map.of() : authorizers;
            binaryMediaTypes = binaryMediaTypes == null ? List.of() : binaryMediaTypes;
            stages = stages == null ? Map.of() : stages;
            routes = routes == null ? List.of() : routes;
            gatewayResponses = gatewayResponses == null ? Map.of() : gatewayResponses;
        }
    }

    /**
     * OpenAPI imports.
     *
     * @param enabled whether APIs may be defined by OpenAPI documents (tollgate.apis.NAME.openapi)
     */
    public record OpenApiProperties(@DefaultValue("true") boolean enabled) {
    }

    /**
     * How an API's OpenAPI document is imported (AWS's import parameters, and what stands in for AWS here).
     *
     * @param basePath       what becomes of the document's base path: {@code ignore} (AWS's default), {@code prepend}
     *                       or {@code split}
     * @param failOnWarnings whether an item the import cannot serve as written fails startup (as AWS's
     *                       {@code failonwarnings}); otherwise each is logged, and shown by the actuator
     * @param functions      the function bean serving a Lambda function, by the function's ARN, its
     *                       {@code name:alias} or its name (default: the bean named as the function)
     * @param backends       integration URIs' beginnings replaced, the longest first:
     *                       {@code "[http://petstore-demo-endpoint.execute-api.com]": http://localhost:8081}
     * @param region         what {@code ${AWS::Region}} stands for
     * @param accountId      what {@code ${AWS::AccountId}} stands for
     * @param partition      what {@code ${AWS::Partition}} stands for
     */
    public record OpenApiImportProperties(@DefaultValue("ignore") BasePathMode basePath,
                                          @DefaultValue("false") boolean failOnWarnings,
                                          Map<String, String> functions, Map<String, String> backends,
                                          @DefaultValue("us-east-1") String region,
                                          @DefaultValue("123456789012") String accountId,
                                          @DefaultValue("aws") String partition) {

        public OpenApiImportProperties {
            functions = functions == null ? Map.of() : functions;
            backends = backends == null ? Map.of() : backends;
        }
    }

    /**
     * The bounds of a WebSocket API's connections, Amazon API Gateway's quotas by default.
     *
     * @param idleTimeout    how long a connection may pass no message, either way, before it is closed with 1001
     *                       "Going away" (AWS: 10 minutes)
     * @param maxDuration    how long a connection may last before it is closed the same way (AWS: 2 hours)
     * @param maxFrameSize   the largest frame a client may send (AWS: 32 KB); a larger one closes with 1009
     * @param maxMessageSize the largest message, its frames together, either way (AWS: 128 KB); a larger one from the
     *                       client closes with 1009, a larger one sent to it is refused (413)
     * @param binaryMessages whether clients may send binary messages (functions get them base64-encoded); when not,
     *                       a binary message closes the connection with 1003
     * @param outboundBuffer how much may wait for a client that reads slowly; a message pushed beyond it is refused
     *                       (429), an answer waits (and the client's next message is not read meanwhile)
     * @param compression    whether a client that offers permessage-deflate gets it (AWS does not negotiate it); frame
     *                       sizes are then checked compressed, and a frame inflating beyond max-message-size closes the
     *                       connection with 1009
     */
    public record ApiWebSocketProperties(@DefaultValue("10m") Duration idleTimeout, @DefaultValue("2h") Duration maxDuration,
                                         @DefaultValue("32KB") DataSize maxFrameSize,
                                         @DefaultValue("128KB") DataSize maxMessageSize,
                                         @DefaultValue("false") boolean binaryMessages,
                                         @DefaultValue("1MB") DataSize outboundBuffer,
                                         @DefaultValue("false") boolean compression) {
    }

    /**
     * An authorizer, as API Gateway's: {@code JWT} (HTTP APIs' JWT authorizer), or a custom one ({@code TOKEN} or
     * {@code REQUEST}, AWS's Lambda authorizers) implemented by an application bean.
     *
     * @param type                 {@code JWT}, {@code TOKEN} or {@code REQUEST}
     * @param issuer               JWT: the tokens' issuer ({@code iss}); its OpenID configuration names the keys unless
     *                             {@code jwk-set-uri} is set
     * @param jwkSetUri            JWT: the address of the issuer's JWK set
     * @param audiences            JWT: accepted audiences ({@code aud}, or {@code client_id})
     * @param clockSkew            JWT: tolerance on {@code exp} and {@code nbf} (default 60 s)
     * @param identitySources      where the caller's identity is: {@code $request.header.Authorization} (the default
     *                             for JWT and TOKEN), {@code $request.querystring.x}, {@code $stageVariables.x},
     *                             {@code $context.x} (or AWS's REST forms {@code method.request.header.x}, ...); a
     *                             missing one answers 401 without calling the authorizer
     * @param implementation       TOKEN, REQUEST: the bean that decides (default: the authorizer's name): a
     *                             {@code GatewayAuthorizer}, a {@code BlockingGatewayAuthorizer}, or any bean a
     *                             FUNCTION integration could name (an AWS {@code RequestHandler}, a
     *                             {@code java.util.function.Function}) receiving AWS's authorizer event
     * @param validationExpression TOKEN: a regular expression the token must match (401 otherwise)
     * @param resultTtl            TOKEN, REQUEST: how long decisions are cached by identity (default 300 s, at most
     *                             1 h, 0 disables)
     * @param payloadFormatVersion REQUEST on HTTP APIs: {@code 1.0} or {@code 2.0} (default)
     * @param simpleResponses      REQUEST with payload 2.0: the bean answers {@code {isAuthorized, context}}
     * @param timeout              TOKEN, REQUEST: how long the bean may take (default 10 s; 500 after)
     */
    public record AuthorizerProperties(@Nullable AuthorizerType type, @Nullable String issuer, @Nullable String jwkSetUri,
                                       List<String> audiences, @Nullable Duration clockSkew,
                                       List<String> identitySources, @Nullable String implementation,
                                       @Nullable String validationExpression, @Nullable Duration resultTtl,
                                       @Nullable String payloadFormatVersion, @Nullable Boolean simpleResponses,
                                       @Nullable Duration timeout) {

        public AuthorizerProperties {
            audiences = audiences == null ? List.of() : audiences;
            identitySources = identitySources == null ? List.of() : identitySources;
        }
    }

    /**
     * A resource policy on client addresses.
     *
     * @param allow          addresses or CIDR blocks (IPv4, IPv6) allowed; when empty, every address not denied
     * @param deny           addresses or CIDR blocks refused (403); an explicit deny wins
     * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed; by default only the direct peer counts
     */
    public record ResourcePolicyProperties(List<String> allow, List<String> deny, List<String> trustedProxies) {

        public ResourcePolicyProperties {
            allow = allow == null ? List.of() : allow;
            deny = deny == null ? List.of() : deny;
            trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
        }
    }

    /**
     * CORS, as HTTP APIs' corsConfiguration.
     *
     * @param allowOrigins     origins: exact, patterns ({@code https://*.example.com}) or {@code *}
     * @param allowMethods     methods, or {@code *}
     * @param allowHeaders     request headers, or {@code *}
     * @param exposeHeaders    response headers browsers may read
     * @param maxAge           how long browsers may cache a preflight answer
     * @param allowCredentials whether credentials are allowed (not with {@code *} origins)
     */
    public record CorsProperties(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                                 List<String> exposeHeaders, @Nullable Duration maxAge,
                                 @DefaultValue("false") boolean allowCredentials) {

        public CorsProperties {
            allowOrigins = allowOrigins == null ? List.of() : allowOrigins;
            allowMethods = allowMethods == null ? List.of("*") : allowMethods;
            allowHeaders = allowHeaders == null ? List.of("*") : allowHeaders;
            exposeHeaders = exposeHeaders == null ? List.of() : exposeHeaders;
        }
    }

    /**
     * A customised gateway response.
     *
     * @param statusCode         the status (default: AWS's for the type)
     * @param responseParameters headers, keys {@code "[gatewayresponse.header.NAME]"}, values {@code 'static'},
     *                           {@code context.x}, {@code stageVariables.x} or {@code method.request.header.x}
     * @param responseTemplates  bodies by media type ({@code "[application/json]"}), with {@code $context.*}
     *                           ({@code $context.error.messageString}) and {@code $stageVariables.*} substituted
     */
    public record GatewayResponseProperties(@Nullable Integer statusCode, Map<String, String> responseParameters,
                                            Map<String, String> responseTemplates) {

        public GatewayResponseProperties {
            responseParameters = responseParameters == null ? Map.of() : responseParameters;
            responseTemplates = responseTemplates == null ? Map.of() : responseTemplates;
        }
    }

    /**
     * A stage.
     *
     * @param variables  stage variables, usable as {@code ${stageVariables.name}} in integration URIs and as
     *                   {@code $stageVariables.name} in mappings
     * @param pathPrefix the prefix that selects this stage after the base path (default: none for {@code $default},
     *                   {@code /{name}} otherwise)
     * @param throttle   a token bucket all the stage's routes share (429 when empty), per instance
     * @param routeThrottles a token bucket per route key ({@code "[GET /pets/{id}]"}) instead of the stage's, per instance
     * @param cache      the stage's response cache (off unless {@code cache.enabled=true})
     * @param accessLog  the stage's access log (none when its format is not set)
     * @param executionLog the stage's execution log: {@code OFF} (default), {@code ERROR} or {@code INFO}
     * @param canary     a canary of the stage's first deployment with other stage variables, serving a share of its
     *                   requests (none unless set)
     * @param methodSettings AWS's method settings (execution log level, metrics) by route key, in brackets
     *                   ("[GET /pets/{id}]"); the key "[*" followed by "/*]" sets those of all routes
     */
    public record StageProperties(Map<String, String> variables, @Nullable String pathPrefix,
                                  @Nullable ThrottleProperties throttle,
                                  Map<String, ThrottleProperties> routeThrottles,
                                  TollgateCacheProperties.@Nullable StageCacheProperties cache,
                                  StageLoggingProperties.@Nullable AccessLog accessLog,
                                  @Nullable ExecutionLogLevel executionLog,
                                  TollgateDeploymentsProperties.@Nullable CanaryProperties canary,
                                  Map<String, StageLoggingProperties.MethodSettingProperties> methodSettings) {

        public StageProperties {
            variables = variables == null ? Map.of() : variables;
            routeThrottles = routeThrottles == null ? Map.of() : routeThrottles;
            methodSettings = methodSettings == null ? Map.of() : methodSettings;
        }
    }

    /**
     * Token-bucket limits.
     *
     * @param rateLimit  requests per second, steadily (fractions allowed)
     * @param burstLimit the bucket's size: requests that may arrive at once
     */
    public record ThrottleProperties(@Nullable Double rateLimit, @Nullable Long burstLimit) {
    }

    /**
     * A route.
     *
     * @param routeKey           {@code METHOD /path} ({@code GET /pets/{id}}, {@code ANY /store/{proxy+}}) or
     *                           {@code $default}; in a WebSocket API {@code $connect}, {@code $disconnect},
     *                           {@code $default} or a value of its route selection expression ({@code sendmessage})
     * @param integration        what serves it
     * @param maxRequestBodySize the largest request body it accepts (default: the API's)
     * @param authorizer         the API's authorizer that protects it
     * @param authorizationType  {@code NONE}, {@code AWS_IAM} (SigV4-signed requests, checked against
     *                           {@code tollgate.iam}), or {@code JWT}/{@code CUSTOM} (implied by {@code authorizer})
     * @param authorizationScopes JWT: scopes the token must carry (any one of them)
     * @param apiKeyRequired     whether callers need an API key of a usage plan covering the stage (403 otherwise)
     * @param requestValidator   {@code FULL}, {@code BODY_ONLY} or {@code PARAMS_ONLY}: what is validated (400
     *                           otherwise); nothing when not set
     * @param requestParameters  {@code "[method.request.querystring|header|path.NAME]"}: whether it is required
     * @param requestModels      {@code "[application/json]"} (or {@code $default}): the API model bodies must match
     * @param cache              the route's cache settings over its stage's (TTL, key parameters, methods, public)
     * @param steps              the application's own steps the route takes ({@code NamedStepFactory} beans, by name),
     *                           each placed in the pipeline by its phase and order among the built-in ones
     * @param routeResponseSelectionExpression WEBSOCKET: {@code $default} makes the route two-way (its integration's
     *                           answer is sent to the client); without it nothing of the answer reaches the client
     */
    public record RouteProperties(@Nullable String routeKey, @Nullable IntegrationProperties integration,
                                  @Nullable DataSize maxRequestBodySize, @Nullable String authorizer,
                                  @Nullable AuthorizationType authorizationType, List<String> authorizationScopes,
                                  @Nullable Boolean apiKeyRequired, @Nullable String requestValidator,
                                  Map<String, Boolean> requestParameters, Map<String, String> requestModels,
                                  TollgateCacheProperties.@Nullable RouteCacheProperties cache,
                                  List<StepProperties> steps, @Nullable String routeResponseSelectionExpression) {

        public RouteProperties {
            authorizationScopes = authorizationScopes == null ? List.of() : authorizationScopes;
            requestParameters = requestParameters == null ? Map.of() : requestParameters;
            requestModels = requestModels == null ? Map.of() : requestModels;
            steps = steps == null ? List.of() : steps;
        }
    }

    /**
     * A step of the application's own that a route takes by name, as Spring Cloud Gateway's routes take filters:
     * {@code steps: [{name: audit, args: {level: high}}]}.
     *
     * @param name the name of a {@code NamedStepFactory} bean
     * @param args its arguments for this route, given to the factory when the route is compiled
     */
    public record StepProperties(@Nullable String name, Map<String, String> args) {

        public StepProperties {
            args = args == null ? Map.of() : args;
        }
    }

    /**
     * An integration.
     *
     * @param type              {@code HTTP_PROXY}, {@code HTTP} (non-proxy, with templates), {@code MOCK} or
     *                          {@code FUNCTION} (a function bean, with AWS's Lambda proxy events)
     * @param uri               HTTP_PROXY, HTTP: the backend URI, with path variables ({@code {id}}, {@code {proxy}})
     *                          and stage variables ({@code ${stageVariables.backend}})
     * @param method            HTTP_PROXY, HTTP: the method sent to the backend ({@code ANY}, the default: the
     *                          request's own)
     * @param timeout           HTTP_PROXY, HTTP, FUNCTION: the integration timeout (default: the API's)
     * @param requestParameters HTTP_PROXY, HTTP: parameter mappings. HTTP_PROXY: keys such as
     *                          {@code "[append:header.x-request-id]"},
     *                          {@code "[overwrite:querystring.q]"}, {@code "[remove:header.x]"},
     *                          {@code "[overwrite:path]"}; values mix text with {@code $request.*},
     *                          {@code $context.*} and {@code $stageVariables.*}. HTTP: REST-style mappings, keys
     *                          {@code "[integration.request.header|querystring|path.NAME]"}, values
     *                          {@code method.request.header|querystring|path.NAME}, {@code 'static'},
     *                          {@code context.x} or {@code stageVariables.x}
     * @param status            MOCK: the status code (default 200)
     * @param headers           MOCK: response headers
     * @param body              MOCK: the response body
     * @param requestTemplates  HTTP, MOCK, FUNCTION (with {@code proxy: false}): request templates (VTL) by content
     *                          type ({@code "[application/json]"}), or by the values of the template selection
     *                          expression when it is set
     * @param passthroughBehavior HTTP, MOCK, FUNCTION (with {@code proxy: false}): {@code WHEN_NO_MATCH} (default),
     *                          {@code WHEN_NO_TEMPLATES} or {@code NEVER}: what a body with no matching template does
     *                          (pass through, or 415)
     * @param integrationResponses HTTP, MOCK, FUNCTION (with {@code proxy: false}): the integration responses, selected
     *                          by {@code selection-pattern}
     * @param function          FUNCTION: the name of the function bean ({@code GatewayFunction},
     *                          {@code BlockingGatewayFunction} or {@code java.util.function.Function}), or a stage
     *                          variable's value ({@code ${stageVariables.fn}}: each stage calls its own; a stage that
     *                          does not set it answers 500, as AWS)
     * @param payloadFormatVersion FUNCTION: {@code 1.0} or {@code 2.0} (default: 1.0 for REST APIs, 2.0 for HTTP APIs)
     * @param maxConcurrency    FUNCTION: invocations that may run at once (429 above); unbounded when not set
     * @param proxy             FUNCTION: {@code false} for a non-proxy function (request templates, integration
     *                          responses selected by the error message); default {@code true}
     * @param templateSelectionExpression WEBSOCKET, with HTTP or MOCK: what names a message's request template
     *                          ({@code $request.body.action}, or {@code \$default}); the templates are then keyed by
     *                          its values, {@code $default} for the others
     */
    public record IntegrationProperties(@Nullable IntegrationType type, @Nullable String uri, @Nullable String method,
                                        @Nullable Duration timeout, Map<String, String> requestParameters,
                                        @Nullable Integer status, Map<String, String> headers, @Nullable String body,
                                        Map<String, String> requestTemplates,
                                        @Nullable PassthroughBehavior passthroughBehavior,
                                        List<IntegrationResponseProperties> integrationResponses,
                                        @Nullable String function, @Nullable String payloadFormatVersion,
                                        @Nullable Integer maxConcurrency, @Nullable Boolean proxy,
                                        @Nullable String templateSelectionExpression) {

        public IntegrationProperties {
            requestParameters = requestParameters == null ? Map.of() : requestParameters;
            headers = headers == null ? Map.of() : headers;
            requestTemplates = requestTemplates == null ? Map.of() : requestTemplates;
            integrationResponses = integrationResponses == null ? List.of() : integrationResponses;
        }
    }

    /**
     * An integration response of a non-proxy integration.
     *
     * @param selectionPattern   a Java regular expression matched (whole) against the backend's status code; none for
     *                           the default response
     * @param statusCode         the method response's status
     * @param responseParameters headers, keys {@code "[method.response.header.NAME]"}, values
     *                           {@code integration.response.header.NAME}, {@code integration.response.body[.field]},
     *                           {@code 'static'}, {@code context.x} or {@code stageVariables.x}
     * @param responseTemplates  response templates (VTL) by media type, chosen by the request's {@code Accept}
     */
    public record IntegrationResponseProperties(@Nullable String selectionPattern, @Nullable Integer statusCode,
                                                Map<String, String> responseParameters,
                                                Map<String, String> responseTemplates) {

        public IntegrationResponseProperties {
            responseParameters = responseParameters == null ? Map.of() : responseParameters;
            responseTemplates = responseTemplates == null ? Map.of() : responseTemplates;
        }
    }

    /**
     * The connection pool of HTTP integrations.
     *
     * @param maxConnections         connections per backend address
     * @param pendingAcquireMaxCount requests that may wait for a connection (more get 503)
     * @param pendingAcquireTimeout  how long a request waits for a connection (then 504)
     * @param maxIdleTime            how long a connection may stay idle; keep it below the backends' keep-alive
     *                               timeout
     * @param maxLifeTime            how long a connection may live
     * @param connectTimeout         the TCP connect timeout
     * @param requestBufferSize      request bodies up to this size (their Content-Length) are received whole before a
     *                               backend connection is taken, so a client stalling in one holds none (0: stream every
     *                               body)
     * @param maxStreamingUploads    how many larger (or chunked) bodies may stream to one backend address at once; more
     *                               are answered 503 at once, so stalled uploads cannot take every pooled connection
     *                               (default: half of max-connections)
     */
    public record HttpClientProperties(
            @DefaultValue("500") int maxConnections,
            @DefaultValue("1000") int pendingAcquireMaxCount,
            @DefaultValue("10s") Duration pendingAcquireTimeout,
            @DefaultValue("4s") Duration maxIdleTime,
            @DefaultValue("5m") Duration maxLifeTime,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("64KB") DataSize requestBufferSize,
            @Nullable Integer maxStreamingUploads) {
    }

    /**
     * How function integrations run.
     *
     * @param enabled whether FUNCTION integrations are available
     * @param threads threads that run blocking functions (never an event loop)
     * @param queue   blocking invocations that may wait for a thread (more get 429)
     */
    public record FunctionsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("32") int threads,
                                      @DefaultValue("1000") int queue) {
    }

    /**
     * WebSocket sessions.
     *
     * @param enabled      whether WebSocket APIs (type: WEBSOCKET) are served; when off, an API of that type fails
     *                     startup
     * @param passThrough  how WebSocket upgrades through HTTP_PROXY routes are bounded
     * @param store        where the WebSocket API connections are found: local (each instance reaches its own only; a
     *                     connection open on another is gone) or redis (every instance on the same Redis and
     *                     redis-prefix reaches every connection: a registry of which instance holds each, and the
     *                     operations of the connections API carried to it over Redis pub/sub; on the connection of
     *                     Tollgate's Redis stores: the application's Spring Data Redis connection, or
     *                     tollgate.usage.redis-url, or spring.data.redis.url)
     * @param redisPrefix  with the redis store: the prefix of the registry's keys and channels in Redis
     * @param storeTimeout with the redis store: how long a Redis command, and the instance holding a connection, may
     *                     take to answer before the operation fails (503 from the connections API)
     * @param registryTtl  with the redis store: how long a connection's key outlives its instance's last refresh (it
     *                     is refreshed every third of it): how long the connections of an instance that died without
     *                     closing them are still found (at least 1s)
     */
    public record WebSocketProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue PassThroughProperties passThrough,
                                      @DefaultValue("local") String store,
                                      @DefaultValue("tollgate:websocket:") String redisPrefix,
                                      @DefaultValue("1s") Duration storeTimeout,
                                      @DefaultValue("60s") Duration registryTtl) {
    }

    /**
     * How WebSocket sessions through HTTP_PROXY routes are bounded.
     *
     * @param idleTimeout           how long a session may pass no frame (data or control, either way) before it is
     *                              closed on both sides with 1001 "Going away", as API Gateway closes an idle WebSocket
     *                              connection (0: never)
     * @param maxDuration           how long a session may last before it is closed the same way (0: no limit)
     * @param maxFrameSize          the largest frame payload relayed either way; a larger frame closes the session
     *                              with 1009
     * @param maxSessionsPerBackend how many sessions may be open to one backend address at once; further upgrades are
     *                              answered 503 (default: no limit)
     */
    public record PassThroughProperties(@DefaultValue("10m") Duration idleTimeout, @DefaultValue("0s") Duration maxDuration,
                                        @DefaultValue("64KB") DataSize maxFrameSize,
                                        @Nullable Integer maxSessionsPerBackend) {
    }

    /**
     * How gateway routes are served.
     *
     * @param direct whether requests matching an explicit gateway route are served directly on Reactor Netty, ahead
     *               of WebFlux (fastest). Turn it off to run them through WebFlux, where the application's WebFilters
     *               see them; the $default route and unmatched requests always go through WebFlux, after the
     *               application's own endpoints
     * @param appSecurity whether the application's Spring Security chain applies to gateway requests that go through
     *               WebFlux: bypass (gateway routes are protected by their own authorizers, and are never blocked or
     *               challenged by the application's chain, which keeps protecting the application's endpoints and the
     *               actuator) or apply (the chain sees gateway requests too; directly served routes never reach it)
     * @param port   the port of the gateway's own Reactor Netty server, in an application without WebFlux (Spring MVC,
     *               or no web server): the application keeps its server (server.port) and the gateway serves beside it.
     *               Not used by a WebFlux application, whose server serves the gateway's routes
     * @param address the address the gateway's own server binds (default: every interface)
     */
    public record ServerProperties(@DefaultValue("true") boolean direct, @DefaultValue("bypass") AppSecurity appSecurity,
                                   @Nullable Integer port, @Nullable String address) {
    }

    /** Whether the application's Spring Security chain applies to gateway requests. */
    public enum AppSecurity {
        /** Gateway requests are served ahead of the application's chain. */
        BYPASS,
        /** The application's chain sees gateway requests that go through WebFlux. */
        APPLY
    }

    /** The kinds of authorizer an API declares, as API Gateway's authorizer types. */
    public enum AuthorizerType {
        /** An HTTP API's JWT authorizer: bearer tokens signed by a trusted issuer. */
        JWT,
        /** A custom authorizer given one identity source (a token), as AWS's Lambda TOKEN authorizer. */
        TOKEN,
        /** A custom authorizer given the request's identity sources, as AWS's Lambda REQUEST authorizer. */
        REQUEST
    }
}
