package io.tollgate.core.openapi;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseCustomization;
import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.api.RequestParameter;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.IdentitySource;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.api.cache.CacheKeyParameter;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.IntegrationResponse;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.api.integration.NonProxyMapping;
import io.tollgate.core.api.integration.ParameterMapping;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.api.validation.RequestModel;
import io.tollgate.core.api.validation.RequestValidation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Exports an API as an OpenAPI document in the shape Amazon API Gateway's export gives ({@code GetExport}):
 * OpenAPI 3.0 ({@code servers} with a {@code basePath} variable) or Swagger 2.0 ({@code host}, {@code basePath}), and,
 * as asked, AWS's extensions: none, the integrations alone, or all of them ({@code apigateway}: integrations,
 * authorizers, validators, gateway responses, binary media types, CORS, the resource policy), lower-case values and
 * AWS's key order. What Tollgate has and AWS has no place for (a JWT authorizer's key set on a REST API, a simple mock's
 * answer, a route cache's TTL, trusted proxies) goes under {@code x-tollgate-*} extensions, so that importing the
 * export gives the same API. The document is a tree of maps and lists, written as JSON or YAML by the caller.
 */
public final class OpenApiExporter {

    private static final String EXT = "x-amazon-apigateway-";
    private static final ObjectMapper JSON = RawDocument.JSON;
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(29);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final long DEFAULT_BODY_LIMIT = 10L * 1024 * 1024;

    /** The document's version of OpenAPI: AWS's {@code oas30} or {@code swagger}. */
    public enum Format {
        OAS30, SWAGGER;

        /** The format named {@code value} ({@code oas30}, {@code swagger}), in any case. */
        public static Format of(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Which of AWS's extensions the document carries, as AWS's export parameter {@code extensions}. */
    public enum Extensions {
        /** None: a plain OpenAPI description. */
        NONE,
        /** The integrations ({@code x-amazon-apigateway-integration}) alone. */
        INTEGRATIONS,
        /** The authorizers ({@code x-amazon-apigateway-authorizer}) alone. */
        AUTHORIZERS,
        /** All of them: what an import needs to make the same API. */
        APIGATEWAY;

        /** The value named {@code value}, in any case. */
        public static Extensions of(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Where the exported stage is served, and what stands in Lambda ARNs for a function integration.
     *
     * @param scheme    {@code http} or {@code https}
     * @param host      the host (and port) clients reach the gateway at
     * @param basePath  the stage's path: the API's base path and the stage's prefix ({@code /shop/prod})
     * @param version   the document's {@code info.version} (AWS: the deployment's date; here its id)
     * @param region    the region in Lambda ARNs
     * @param accountId the account in Lambda ARNs
     */
    public record Target(String scheme, String host, String basePath, String version, String region, String accountId) {

        public Target {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(basePath, "basePath");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accountId, "accountId");
        }
    }

    private OpenApiExporter() {
    }

    /**
     * The document describing {@code api} as served at {@code target}.
     *
     * @throws IllegalArgumentException for a WebSocket API (AWS exports REST and HTTP APIs only)
     */
    public static Map<String, Object> export(Api api, Target target, Format format, Extensions extensions) {
        if (api.type() == ApiType.WEBSOCKET) {
            throw new IllegalArgumentException("a WebSocket API has no OpenAPI description (AWS exports REST and HTTP "
                    + "APIs only)");
        }
        return new Writer(api, target, format, extensions).document();
    }

    /** The Lambda ARN AWS's integrations name function {@code function} by. */
    static String lambdaUri(String function, Target target) {
        return "arn:aws:apigateway:" + target.region() + ":lambda:path/2015-03-31/functions/arn:aws:lambda:"
                + target.region() + ":" + target.accountId() + ":function:" + function + "/invocations";
    }

    /** One export. */
    private static final class Writer {

        private final Api api;
        private final Target target;
        private final boolean swagger;
        private final boolean integrations;
        private final boolean authorizers;
        private final boolean all;
        private final Map<String, Object> validators = new TreeMap<>();
        private boolean apiKeys;

        Writer(Api api, Target target, Format format, Extensions extensions) {
            this.api = api;
            this.target = target;
            this.swagger = format == Format.SWAGGER;
            this.integrations = extensions == Extensions.INTEGRATIONS || extensions == Extensions.APIGATEWAY;
            this.authorizers = extensions == Extensions.AUTHORIZERS || extensions == Extensions.APIGATEWAY;
            this.all = extensions == Extensions.APIGATEWAY;
        }

        Map<String, Object> document() {
            Map<String, Object> document = new LinkedHashMap<>();
            if (swagger) {
                document.put("swagger", "2.0");
            } else {
                document.put("openapi", "3.0.1");
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("title", api.name());
            info.put("version", target.version());
            document.put("info", info);
            String basePath = target.basePath().isEmpty() ? "/" : target.basePath();
            if (swagger) {
                document.put("host", target.host());
                document.put("basePath", basePath);
                document.put("schemes", List.of(target.scheme()));
            } else {
                Map<String, Object> variable = new LinkedHashMap<>();
                variable.put("default", basePath.equals("/") ? "" : basePath.substring(1));
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("url", target.scheme() + "://" + target.host() + "/{basePath}");
                server.put("variables", Map.of("basePath", variable));
                document.put("servers", List.of(server));
            }
            document.put("paths", paths());
            Map<String, Object> schemas = schemas();
            Map<String, Object> schemes = securitySchemes();
            if (swagger) {
                if (!schemes.isEmpty()) {
                    document.put("securityDefinitions", schemes);
                }
                if (!schemas.isEmpty()) {
                    document.put("definitions", schemas);
                }
            } else if (!schemas.isEmpty() || !schemes.isEmpty()) {
                Map<String, Object> components = new LinkedHashMap<>();
                if (!schemas.isEmpty()) {
                    components.put("schemas", schemas);
                }
                if (!schemes.isEmpty()) {
                    components.put("securitySchemes", schemes);
                }
                document.put("components", components);
            }
            if (all) {
                rootExtensions(document);
            }
            return document;
        }

        private void rootExtensions(Map<String, Object> document) {
            if (api.type() == ApiType.HTTP) {
                document.put(EXT + "importexport-version", "1.0");
            }
            if (!api.binaryMediaTypes().isEmpty()) {
                document.put(EXT + "binary-media-types", api.binaryMediaTypes());
            }
            if (apiKeys || api.apiKeySource() != io.tollgate.core.api.usage.ApiKeySource.HEADER) {
                document.put(EXT + "api-key-source", api.apiKeySource().name());
            }
            if (!validators.isEmpty()) {
                document.put(EXT + "request-validators", validators);
            }
            if (!api.gatewayResponses().isEmpty()) {
                Map<String, Object> responses = new LinkedHashMap<>();
                api.gatewayResponses().forEach((type, customization) -> responses.put(type.name(),
                        gatewayResponse(customization)));
                document.put(EXT + "gateway-responses", responses);
            }
            CorsConfiguration cors = api.cors();
            if (cors != null) {
                Map<String, Object> written = new LinkedHashMap<>();
                written.put("allowOrigins", cors.allowOrigins());
                written.put("allowMethods", cors.allowMethods());
                written.put("allowHeaders", cors.allowHeaders());
                if (!cors.exposeHeaders().isEmpty()) {
                    written.put("exposeHeaders", cors.exposeHeaders());
                }
                if (cors.maxAge() != null) {
                    written.put("maxAge", cors.maxAge().toSeconds());
                }
                written.put("allowCredentials", cors.allowCredentials());
                document.put(EXT + "cors", written);
            }
            ResourcePolicy policy = api.resourcePolicy();
            if (policy != null) {
                document.put(EXT + "policy", policy(policy));
                if (!policy.trustedProxies().isEmpty()) {
                    document.put("x-tollgate-trusted-proxies", policy.trustedProxies());
                }
            }
        }

        private static Map<String, Object> gatewayResponse(GatewayResponseCustomization customization) {
            Map<String, Object> response = new LinkedHashMap<>();
            if (customization.statusCode() != null) {
                response.put("statusCode", customization.statusCode());
            }
            if (!customization.headers().isEmpty()) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                customization.headers().forEach((name, value) -> parameters.put("gatewayresponse.header." + name, value));
                response.put("responseParameters", parameters);
            }
            if (!customization.templates().isEmpty()) {
                response.put("responseTemplates", customization.templates());
            }
            return response;
        }

        private Map<String, Object> policy(ResourcePolicy policy) {
            List<Object> statements = new ArrayList<>();
            String resource = "execute-api:/*";
            statements.add(statement("Allow", resource, policy.allow().isEmpty() ? null
                    : Map.of("IpAddress", Map.of("aws:SourceIp", policy.allow()))));
            if (!policy.deny().isEmpty()) {
                statements.add(statement("Deny", resource, Map.of("IpAddress", Map.of("aws:SourceIp", policy.deny()))));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("Version", "2012-10-17");
            document.put("Statement", statements);
            return document;
        }

        private static Map<String, Object> statement(String effect, String resource, @Nullable Object condition) {
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("Effect", effect);
            statement.put("Principal", "*");
            statement.put("Action", "execute-api:Invoke");
            statement.put("Resource", resource);
            if (condition != null) {
                statement.put("Condition", condition);
            }
            return statement;
        }

        private Map<String, Object> paths() {
            Map<String, Object> paths = new LinkedHashMap<>();
            for (Route route : api.routes()) {
                String method = route.key().method();
                String path = route.key().isDefault() ? "/$default" : Objects.requireNonNull(route.key().path());
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<>());
                Map<String, Object> operation = operation(route);
                if (route.key().isDefault()) {
                    operation.put("isDefaultRoute", true);
                    item.put(EXT + "any-method", operation);
                } else if (method == null || method.equals("ANY")) {
                    item.put(EXT + "any-method", operation);
                } else {
                    item.put(method.toLowerCase(Locale.ROOT), operation);
                }
            }
            return paths;
        }

        private Map<String, Object> operation(Route route) {
            Map<String, Object> operation = new LinkedHashMap<>();
            List<Object> parameters = new ArrayList<>();
            Set<String> declared = new LinkedHashSet<>();
            for (String variable : route.key().pathVariableNames()) {
                boolean greedy = route.key().path() != null && route.key().path().contains("{" + variable + "+}");
                String name = greedy && api.type() == ApiType.HTTP ? variable + "+" : variable;
                parameters.add(parameter(name, "path", true));
                declared.add("path." + variable);
            }
            RequestValidation validation = route.validation();
            for (RequestValidation.RequiredParameter required : validation.requiredParameters()) {
                String in = switch (required.location()) {
                    case QUERYSTRING -> "query";
                    case HEADER -> "header";
                    case PATH -> "path";
                };
                if (declared.add(in + "." + required.name()) && !in.equals("path")) {
                    parameters.add(parameter(required.name(), in, true));
                }
            }
            if (swagger && !validation.models().isEmpty()) {
                validation.models().forEach((contentType, model) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("in", "body");
                    body.put("name", model.name());
                    body.put("required", true);
                    body.put("schema", Map.of("$ref", "#/definitions/" + model.name()));
                    parameters.add(body);
                });
                operation.put("consumes", new ArrayList<>(validation.models().keySet().stream()
                        .map(c -> c.equals(RequestValidation.DEFAULT_CONTENT_TYPE) ? "application/json" : c).toList()));
            }
            if (!parameters.isEmpty()) {
                operation.put("parameters", parameters);
            }
            if (!swagger && !validation.models().isEmpty()) {
                Map<String, Object> content = new LinkedHashMap<>();
                validation.models().forEach((contentType, model) -> content.put(
                        contentType.equals(RequestValidation.DEFAULT_CONTENT_TYPE) ? "*/*" : contentType,
                        Map.of("schema", Map.of("$ref", "#/components/schemas/" + model.name()))));
                operation.put("requestBody", Map.of("content", content, "required", true));
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("description", "Default response for " + route.key());
            operation.put("responses", Map.of("default", response));
            List<Object> security = requirements(route);
            if (!security.isEmpty()) {
                operation.put("security", security);
            }
            if (all && validation.validator() != null) {
                String name = validatorName(validation.validator());
                validators.put(name, Map.of("validateRequestBody", validation.validator().validatesBody(),
                        "validateRequestParameters", validation.validator().validatesParameters()));
                operation.put(EXT + "request-validator", name);
            }
            if (all && route.authorization().type() == AuthorizationType.AWS_IAM) {
                operation.put(EXT + "auth", Map.of("type", "AWS_IAM"));
            }
            if (integrations) {
                operation.put(EXT + "integration", integration(route));
            }
            if (all) {
                Map<String, Object> tollgate = routeExtras(route);
                if (!tollgate.isEmpty()) {
                    operation.put("x-tollgate-route", tollgate);
                }
            }
            return operation;
        }

        private static String validatorName(RequestValidation.Validator validator) {
            return switch (validator) {
                case FULL -> "Validate body, query string parameters, and headers";
                case BODY_ONLY -> "Validate body";
                case PARAMS_ONLY -> "Validate query string parameters and headers";
            };
        }

        private Map<String, Object> routeExtras(Route route) {
            Map<String, Object> extras = new LinkedHashMap<>();
            if (route.maxRequestBodySize() != DEFAULT_BODY_LIMIT) {
                extras.put("maxRequestBodySize", route.maxRequestBodySize());
            }
            var cache = route.cache();
            Map<String, Object> written = new LinkedHashMap<>();
            if (cache.enabled() != null) {
                written.put("enabled", cache.enabled());
            }
            if (cache.ttl() != null) {
                written.put("ttlInSeconds", cache.ttl().toSeconds());
            }
            if (cache.publicResponses()) {
                written.put("public", true);
            }
            if (!written.isEmpty()) {
                extras.put("cache", written);
            }
            return extras;
        }

        private static Map<String, Object> parameter(String name, String in, boolean required) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("name", name);
            parameter.put("in", in);
            parameter.put("required", required);
            parameter.put("schema", Map.of("type", "string"));
            return parameter;
        }

        private Map<String, Object> integration(Route route) {
            Integration integration = route.integration();
            Map<String, Object> written = new LinkedHashMap<>();
            Duration defaultTimeout = api.type() == ApiType.REST ? REST_TIMEOUT : HTTP_TIMEOUT;
            Duration timeout = null;
            if (integration instanceof HttpProxyIntegration proxy) {
                written.put("type", "http_proxy");
                written.put("httpMethod", proxy.method());
                written.put("uri", proxy.uri().text());
                if (!proxy.requestParameters().isEmpty()) {
                    Map<String, Object> parameters = new LinkedHashMap<>();
                    for (ParameterMapping mapping : proxy.requestParameters()) {
                        parameters.put(mapping.key(), mapping.value().text());
                    }
                    written.put("requestParameters", parameters);
                }
                timeout = proxy.timeout();
            } else if (integration instanceof HttpIntegration http) {
                written.put("type", "http");
                written.put("httpMethod", http.method());
                written.put("uri", http.uri().text());
                nonProxy(written, http.mapping());
                timeout = http.timeout();
            } else if (integration instanceof MockIntegration mock) {
                written.put("type", "mock");
                if (mock.mapping().isEmpty()) {
                    // AWS's form of a fixed answer, and Tollgate's own (its body is not a template)
                    written.put("requestTemplates", Map.of("application/json", "{\"statusCode\": " + mock.statusCode() + "}"));
                    Map<String, Object> response = new LinkedHashMap<>();
                    response.put("statusCode", String.valueOf(mock.statusCode()));
                    if (!mock.headers().isEmpty()) {
                        Map<String, Object> parameters = new LinkedHashMap<>();
                        mock.headers().forEach((name, value) -> parameters.put("method.response.header." + name,
                                "'" + value + "'"));
                        response.put("responseParameters", parameters);
                    }
                    if (!mock.body().isEmpty()) {
                        response.put("responseTemplates", Map.of("application/json", mock.body()));
                    }
                    written.put("responses", Map.of("default", response));
                    written.put("passthroughBehavior", "when_no_match");
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("statusCode", mock.statusCode());
                    answer.put("headers", mock.headers());
                    answer.put("body", mock.body());
                    written.put("x-tollgate-mock", answer);
                } else {
                    nonProxy(written, mock.mapping());
                }
            } else if (integration instanceof FunctionIntegration function) {
                written.put("type", function.proxy() ? "aws_proxy" : "aws");
                written.put("httpMethod", "POST");
                written.put("uri", lambdaUri(function.function(), target));
                if (!function.proxy()) {
                    nonProxy(written, function.mapping());
                }
                if (api.type() == ApiType.HTTP && function.proxy()) {
                    written.put("payloadFormatVersion", function.payloadFormatVersion());
                }
                if (function.maxConcurrency() > 0) {
                    written.put("x-tollgate-max-concurrency", function.maxConcurrency());
                }
                timeout = function.timeout();
            }
            if (timeout != null && !timeout.equals(defaultTimeout)) {
                written.put("timeoutInMillis", timeout.toMillis());
            }
            if (api.type() == ApiType.HTTP && !(integration instanceof MockIntegration)) {
                written.put("connectionType", "INTERNET");
            }
            List<String> keys = route.cache().keyParameters().stream().map(CacheKeyParameter::text).toList();
            if (!keys.isEmpty()) {
                written.put("cacheKeyParameters", keys);
            }
            return written;
        }

        private void nonProxy(Map<String, Object> written, NonProxyMapping mapping) {
            if (!mapping.integrationResponses().isEmpty()) {
                Map<String, Object> responses = new LinkedHashMap<>();
                for (IntegrationResponse response : mapping.integrationResponses()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("statusCode", String.valueOf(response.statusCode()));
                    if (!response.responseParameters().isEmpty()) {
                        Map<String, Object> parameters = new LinkedHashMap<>();
                        response.responseParameters().forEach(p -> parameters.put(p.key(), source(p.source())));
                        entry.put("responseParameters", parameters);
                    }
                    if (!response.responseTemplates().isEmpty()) {
                        entry.put("responseTemplates", response.responseTemplates());
                    }
                    responses.put(response.isDefault() ? "default"
                            : Objects.requireNonNull(response.selectionPattern()).pattern(), entry);
                }
                written.put("responses", responses);
            }
            if (!mapping.requestParameters().isEmpty()) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                for (RequestParameter parameter : mapping.requestParameters()) {
                    parameters.put(parameter.key(), source(parameter.source()));
                }
                written.put("requestParameters", parameters);
            }
            if (!mapping.requestTemplates().isEmpty()) {
                written.put("requestTemplates", mapping.requestTemplates());
            }
            written.put("passthroughBehavior", mapping.passthroughBehavior().name().toLowerCase(Locale.ROOT));
        }

        /** A mapping source as AWS writes it. */
        private static String source(ParameterSource source) {
            return switch (source.kind()) {
                case METHOD_REQUEST_HEADER -> "method.request.header." + source.name();
                case METHOD_REQUEST_QUERYSTRING -> "method.request.querystring." + source.name();
                case METHOD_REQUEST_PATH -> "method.request.path." + source.name();
                case ROUTE_REQUEST_BODY -> "route.request.body" + jsonPath(source.name());
                case INTEGRATION_RESPONSE_HEADER -> "integration.response.header." + source.name();
                case INTEGRATION_RESPONSE_BODY -> "integration.response.body" + jsonPath(source.name());
                case CONTEXT -> "context." + source.name();
                case STAGE_VARIABLE -> "stageVariables." + source.name();
                case STATIC -> "'" + source.name() + "'";
            };
        }

        /** A body source's field as AWS writes it after {@code body}: nothing for the whole, {@code .a.b} for {@code $.a.b}. */
        private static String jsonPath(String path) {
            return path.startsWith("$.") ? path.substring(1) : "";
        }

        private Map<String, Object> schemas() {
            Map<String, Object> schemas = new TreeMap<>();
            for (RequestModel model : api.models().values()) {
                schemas.put(model.name(), JSON.readValue(model.schemaText(), Object.class));
            }
            return schemas;
        }

        private Map<String, Object> securitySchemes() {
            Map<String, Object> schemes = new LinkedHashMap<>();
            boolean keys = api.routes().stream().anyMatch(Route::apiKeyRequired);
            if (keys) {
                apiKeys = true;
                Map<String, Object> scheme = new LinkedHashMap<>();
                scheme.put("type", "apiKey");
                scheme.put("name", "x-api-key");
                scheme.put("in", "header");
                schemes.put("api_key", scheme);
            }
            boolean iam = api.routes().stream().anyMatch(r -> r.authorization().type() == AuthorizationType.AWS_IAM);
            if (iam && !all) {
                Map<String, Object> scheme = new LinkedHashMap<>();
                scheme.put("type", "apiKey");
                scheme.put("name", "Authorization");
                scheme.put("in", "header");
                scheme.put(EXT + "authtype", "awsSigv4");
                schemes.put("sigv4", scheme);
            }
            for (Authorizer authorizer : api.authorizers().values()) {
                schemes.put(authorizer.name(), scheme(authorizer));
            }
            return schemes;
        }

        private Map<String, Object> scheme(Authorizer authorizer) {
            Map<String, Object> scheme = new LinkedHashMap<>();
            Map<String, Object> extension = new LinkedHashMap<>();
            if (authorizer instanceof JwtAuthorizer jwt) {
                if (swagger) {
                    scheme.put("type", "apiKey");
                    scheme.put("name", jwt.identityHeader());
                    scheme.put("in", "header");
                } else {
                    // AWS writes oauth2 with empty flows, which OpenAPI's validation (and client generators) refuse;
                    // openIdConnect is valid, and AWS's import takes it for a JWT authorizer as well
                    String issuer = jwt.issuer().toString();
                    scheme.put("type", "openIdConnect");
                    scheme.put("openIdConnectUrl", (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1)
                            : issuer) + "/.well-known/openid-configuration");
                }
                extension.put("type", "jwt");
                Map<String, Object> configuration = new LinkedHashMap<>();
                configuration.put("issuer", jwt.issuer().toString());
                if (!jwt.audiences().isEmpty()) {
                    configuration.put("audience", jwt.audiences());
                }
                extension.put("jwtConfiguration", configuration);
                extension.put("identitySource", "$request.header." + jwt.identityHeader());
                Map<String, Object> tollgate = new LinkedHashMap<>();
                if (jwt.jwkSetUri() != null) {
                    tollgate.put("jwkSetUri", jwt.jwkSetUri().toString());
                }
                if (!jwt.clockSkew().equals(Duration.ofSeconds(60))) {
                    tollgate.put("clockSkewInSeconds", jwt.clockSkew().toSeconds());
                }
                if (authorizers) {
                    scheme.put(EXT + "authorizer", extension);
                    if (!tollgate.isEmpty() && all) {
                        scheme.put("x-tollgate-authorizer", tollgate);
                    }
                }
                return scheme;
            }
            CustomAuthorizer custom = (CustomAuthorizer) authorizer;
            scheme.put("type", "apiKey");
            boolean token = custom.type() == CustomAuthorizer.Type.TOKEN;
            IdentitySource first = custom.identitySources().isEmpty() ? null : custom.identitySources().get(0);
            scheme.put("name", token && first != null ? first.name() : "Unused");
            scheme.put("in", "header");
            scheme.put(EXT + "authtype", "custom");
            extension.put("type", token ? "token" : "request");
            extension.put("authorizerUri", lambdaUri(custom.implementation(), target));
            if (!custom.identitySources().isEmpty()) {
                extension.put("identitySource", String.join(", ",
                        custom.identitySources().stream().map(IdentitySource::text).toList()));
            }
            if (custom.validationExpression() != null) {
                extension.put("identityValidationExpression", custom.validationExpression().pattern());
            }
            extension.put("authorizerResultTtlInSeconds", custom.resultTtl().toSeconds());
            if (api.type() == ApiType.HTTP && !token) {
                extension.put("authorizerPayloadFormatVersion", custom.payloadFormatVersion());
                extension.put("enableSimpleResponses", custom.simpleResponses());
            }
            if (authorizers) {
                scheme.put(EXT + "authorizer", extension);
            }
            return scheme;
        }

        /** A route's security requirements: its authorizer (with scopes), its API key, IAM (as a scheme). */
        private List<Object> requirements(Route route) {
            Map<String, Object> requirement = new LinkedHashMap<>();
            String authorizer = route.authorization().authorizer();
            if (authorizer != null) {
                requirement.put(authorizer, route.authorization().scopes());
            }
            if (route.apiKeyRequired()) {
                requirement.put("api_key", List.of());
            }
            if (route.authorization().type() == AuthorizationType.AWS_IAM && !all) {
                requirement.put("sigv4", List.of());
            }
            return requirement.isEmpty() ? List.of() : List.of(requirement);
        }
    }
}
