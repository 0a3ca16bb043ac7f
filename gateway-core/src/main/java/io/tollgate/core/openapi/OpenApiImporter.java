package io.tollgate.core.openapi;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Imports an OpenAPI document (2.0, 3.0.x, and 3.1 as far as swagger-parser reads it; JSON or YAML) with Amazon API
 * Gateway's {@code x-amazon-apigateway-*} extensions into an API's definition, in the shape of the
 * {@code tollgate.apis.<name>} properties: what AWS's {@code ImportRestApi} and {@code ImportApi} make of it.
 *
 * <p>The document is parsed by swagger-parser (2.0 converted to 3.0 by it); its items are then read as AWS reads
 * them. A document that cannot be read fails ({@link InvalidDefinitionException}, each problem named by its JSON
 * pointer and line); each item Tollgate does not serve as written is an {@link ImportWarning} saying what happens
 * instead. The definition is then read as any other (the model's checks apply to it).
 */
public final class OpenApiImporter {

    private static final String EXT = "x-amazon-apigateway-";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /** The root extensions read, and those deliberately left out (metadata with no effect on serving). */
    private static final Set<String> ROOT_EXTENSIONS = Set.of(EXT + "binary-media-types", EXT + "api-key-source",
            EXT + "gateway-responses", EXT + "request-validators", EXT + "request-validator", EXT + "cors",
            EXT + "policy", EXT + "importexport-version", EXT + "minimum-compression-size",
            EXT + "endpoint-configuration", EXT + "documentation", EXT + "integrations", EXT + "tag-value",
            EXT + "endpoint-access-mode", EXT + "security-policy");

    /** The operation extensions read. */
    private static final Set<String> OPERATION_EXTENSIONS = Set.of(EXT + "integration", EXT + "auth",
            EXT + "request-validator");

    private final ImportOptions options;

    public OpenApiImporter(ImportOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The definition {@code content} (the document at {@code location}, named in messages) describes.
     *
     * @throws InvalidDefinitionException when the document cannot be read as OpenAPI, or what it says cannot be
     *                                    imported; each problem is named by its JSON pointer (and line)
     */
    public ImportedApi importDocument(String location, String content) {
        RawDocument raw = RawDocument.read(location, content);
        if (!raw.tree().containsKey("openapi") && !raw.tree().containsKey("swagger")) {
            throw new InvalidDefinitionException(location, List.of(new Problem("/",
                    "not an OpenAPI document: neither 'openapi: 3.x' nor 'swagger: \"2.0\"' is written at its top")));
        }
        ImportContext context = new ImportContext(options, raw.lines());
        OpenAPI openApi = parse(location, content, raw, context);
        ApiType type = options.type() != null ? options.type() : detectType(openApi);
        if (type == ApiType.WEBSOCKET) {
            throw new InvalidDefinitionException(location, List.of(new Problem("/",
                    "a WebSocket API cannot be imported from OpenAPI (AWS imports REST and HTTP APIs only)")));
        }
        if (type == ApiType.HTTP && raw.swagger2()) {
            context.warn("/swagger", "AWS imports HTTP APIs from OpenAPI 3 only; read as an HTTP API all the same");
        }
        Document document = new Document(openApi, raw, context, type);
        Map<String, Object> definition = document.definition();
        if (!context.errors.isEmpty()) {
            throw new InvalidDefinitionException(location, context.errors);
        }
        String title = openApi.getInfo() == null || openApi.getInfo().getTitle() == null ? ""
                : openApi.getInfo().getTitle();
        String version = openApi.getInfo() == null || openApi.getInfo().getVersion() == null ? ""
                : openApi.getInfo().getVersion();
        return new ImportedApi(definition, type, title, version, context.warnings, context.items);
    }

    private static OpenAPI parse(String location, String content, RawDocument raw, ImportContext context) {
        ParseOptions parse = new ParseOptions();
        parse.setResolve(false); // local references only: an import never fetches other documents
        SwaggerParseResult result = new OpenAPIParser().readContents(content, null, parse);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        if (result.getOpenAPI() == null || result.getOpenAPI().getPaths() == null && !raw.hasPaths()) {
            List<Problem> problems = new ArrayList<>();
            for (String message : messages) {
                String pointer = ParserMessages.pointer(message);
                int line = context.line(pointer);
                problems.add(new Problem(pointer.isEmpty() ? "/" : pointer, message + (line > 0 ? " (line " + line + ")" : "")));
            }
            if (problems.isEmpty()) {
                problems.add(new Problem("/", "not an OpenAPI document (neither 'openapi: 3.x' nor 'swagger: \"2.0\"')"));
            }
            throw new InvalidDefinitionException(location, problems);
        }
        for (String message : messages) {
            context.warn(ParserMessages.pointer(message), "OpenAPI: " + message);
        }
        return result.getOpenAPI();
    }

    /** HTTP when the document carries what only HTTP APIs have, REST otherwise. */
    private static ApiType detectType(OpenAPI openApi) {
        Map<String, Object> root = extensions(openApi.getExtensions());
        if (root.containsKey(EXT + "importexport-version") || root.containsKey(EXT + "cors")) {
            return ApiType.HTTP;
        }
        if (openApi.getComponents() != null && openApi.getComponents().getExtensions() != null
                && openApi.getComponents().getExtensions().containsKey(EXT + "integrations")) {
            return ApiType.HTTP;
        }
        if (openApi.getPaths() != null) {
            for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
                if (path.getKey().equals("/$default")) {
                    return ApiType.HTTP;
                }
                for (Operation operation : operations(path.getValue()).values()) {
                    Object integration = extensions(operation.getExtensions()).get(EXT + "integration");
                    if (integration instanceof Map<?, ?> map && map.containsKey("payloadFormatVersion")) {
                        return ApiType.HTTP;
                    }
                }
            }
        }
        return ApiType.REST;
    }

    static Map<String, Object> extensions(@Nullable Map<String, Object> extensions) {
        return extensions == null ? Map.of() : extensions;
    }

    /** A path item's operations by lower-case method, in the document's order of methods. */
    static Map<String, Operation> operations(PathItem item) {
        Map<String, Operation> result = new LinkedHashMap<>();
        item.readOperationsMap().forEach((method, operation) ->
                result.put(method.name().toLowerCase(Locale.ROOT), operation));
        return result;
    }

    /** One document being imported. */
    private static final class Document {

        private final OpenAPI openApi;
        private final RawDocument raw;
        private final ImportContext context;
        private final ApiType type;
        private final Map<String, Object> root;
        private final Security security;
        private final Models models;
        private final Integrations integrations;
        private final Map<String, String> validators = new LinkedHashMap<>();
        private @Nullable String defaultValidator;
        private boolean referencesModels;

        Document(OpenAPI openApi, RawDocument raw, ImportContext context, ApiType type) {
            this.openApi = openApi;
            this.raw = raw;
            this.context = context;
            this.type = type;
            this.root = extensions(openApi.getExtensions());
            this.models = new Models(raw, context);
            this.security = new Security(openApi, raw, context, type);
            this.integrations = new Integrations(context, type, components());
        }

        private Map<String, Object> components() {
            if (openApi.getComponents() == null) {
                return Map.of();
            }
            return context.object(extensions(openApi.getComponents().getExtensions()).get(EXT + "integrations"),
                    "/components/" + EXT + "integrations");
        }

        Map<String, Object> definition() {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("type", type.name());
            rootExtensions(definition);
            Map<String, Object> modelDefinitions = models.all();
            if (!modelDefinitions.isEmpty() && type == ApiType.REST) {
                definition.put("models", modelDefinitions);
            }
            Map<String, Object> authorizers = security.authorizers();
            if (!authorizers.isEmpty()) {
                definition.put("authorizers", authorizers);
            }
            definition.put("routes", routes());
            if (referencesModels && type == ApiType.HTTP && !modelDefinitions.isEmpty()) {
                definition.put("models", modelDefinitions);
            }
            return definition;
        }

        private void rootExtensions(Map<String, Object> definition) {
            root.keySet().stream().filter(k -> k.startsWith(EXT) && !ROOT_EXTENSIONS.contains(k)).forEach(k ->
                    context.warn(ImportContext.pointer("", k), "unknown API Gateway extension; ignored"));
            List<String> binary = new ArrayList<>();
            String pointer = ImportContext.pointer("", EXT + "binary-media-types");
            List<?> types = context.list(root.get(EXT + "binary-media-types"), pointer);
            for (int i = 0; i < types.size(); i++) {
                String mediaType = context.text(types.get(i), pointer + "/" + i);
                if (mediaType != null && !mediaType.isBlank()) {
                    binary.add(mediaType.trim());
                }
            }
            if (!binary.isEmpty()) {
                definition.put("binary-media-types", binary);
            }
            String keySource = context.upper(root.get(EXT + "api-key-source"),
                    ImportContext.pointer("", EXT + "api-key-source"));
            if (keySource != null) {
                if (keySource.equals("HEADER") || keySource.equals("AUTHORIZER")) {
                    definition.put("api-key-source", keySource);
                } else {
                    context.error(ImportContext.pointer("", EXT + "api-key-source"),
                            "'" + keySource + "' must be HEADER or AUTHORIZER");
                }
            }
            Map<String, Object> responses = GatewayResponses.read(root.get(EXT + "gateway-responses"), context);
            if (!responses.isEmpty()) {
                definition.put("gateway-responses", responses);
            }
            validators();
            policy(definition);
            // AWS reads x-amazon-apigateway-cors on HTTP APIs only; Tollgate serves CORS on REST APIs too
            Map<String, Object> cors = Cors.read(root.get(EXT + "cors"), ImportContext.pointer("", EXT + "cors"),
                    context);
            if (!cors.isEmpty()) {
                definition.put("cors", cors);
            }
            if (root.containsKey(EXT + "minimum-compression-size")) {
                context.warn(ImportContext.pointer("", EXT + "minimum-compression-size"),
                        "responses are not compressed by the gateway; ignored");
            }
            if (root.containsKey(EXT + "documentation")) {
                context.warn(ImportContext.pointer("", EXT + "documentation"), "documentation parts are not kept; "
                        + "ignored");
            }
            endpointConfiguration();
        }

        private void endpointConfiguration() {
            String pointer = ImportContext.pointer("", EXT + "endpoint-configuration");
            Object configuration = root.get(EXT + "endpoint-configuration");
            if (configuration == null && openApi.getServers() != null) {
                for (int i = 0; i < openApi.getServers().size(); i++) {
                    Object server = extensions(openApi.getServers().get(i).getExtensions())
                            .get(EXT + "endpoint-configuration");
                    if (server != null) {
                        configuration = server;
                        pointer = ImportContext.pointer("/servers/" + i, EXT + "endpoint-configuration");
                    }
                }
            }
            Map<String, Object> settings = context.object(configuration, pointer);
            if (Boolean.TRUE.equals(context.bool(settings.get("disableExecuteApiEndpoint"),
                    pointer + "/disableExecuteApiEndpoint"))) {
                context.warn(pointer + "/disableExecuteApiEndpoint", "the API is served at its base path all the same "
                        + "(custom domains are not configured by an import)");
            }
            if (settings.containsKey("vpcEndpointIds")) {
                context.warn(pointer + "/vpcEndpointIds", "private endpoints have no meaning here; ignored");
            }
        }

        private void validators() {
            String pointer = ImportContext.pointer("", EXT + "request-validators");
            context.object(root.get(EXT + "request-validators"), pointer).forEach((name, value) -> {
                String at = ImportContext.pointer(pointer, name);
                Map<String, Object> validator = context.object(value, at);
                boolean body = Boolean.TRUE.equals(context.bool(validator.get("validateRequestBody"),
                        at + "/validateRequestBody"));
                boolean parameters = Boolean.TRUE.equals(context.bool(validator.get("validateRequestParameters"),
                        at + "/validateRequestParameters"));
                validators.put(name, body && parameters ? "FULL" : body ? "BODY_ONLY" : parameters ? "PARAMS_ONLY"
                        : "");
            });
            String defaultName = context.text(root.get(EXT + "request-validator"),
                    ImportContext.pointer("", EXT + "request-validator"));
            if (defaultName != null && !defaultName.isBlank()) {
                if (!validators.containsKey(defaultName)) {
                    context.error(ImportContext.pointer("", EXT + "request-validator"),
                            "no request validator '" + defaultName + "' in " + EXT + "request-validators");
                }
                defaultValidator = defaultName;
            }
        }

        private void policy(Map<String, Object> definition) {
            String pointer = ImportContext.pointer("", EXT + "policy");
            Object policy = root.get(EXT + "policy");
            if (policy == null) {
                return;
            }
            Map<String, Object> resourcePolicy = new LinkedHashMap<>(Policies.read(policy, pointer, context));
            List<?> proxies = context.list(root.get("x-tollgate-trusted-proxies"), "/x-tollgate-trusted-proxies");
            if (!proxies.isEmpty()) {
                resourcePolicy.put("trusted-proxies", proxies.stream().map(String::valueOf).toList());
            }
            if (!resourcePolicy.isEmpty()) {
                definition.put("resource-policy", resourcePolicy);
            }
        }

        private List<Object> routes() {
            List<Object> routes = new ArrayList<>();
            if (openApi.getPaths() == null) {
                return routes;
            }
            String basePath = basePath();
            Set<String> keys = new LinkedHashSet<>();
            openApi.getPaths().forEach((path, item) -> {
                String itemPointer = ImportContext.pointer("/paths", path);
                Map<String, Object> itemExtensions = extensions(item.getExtensions());
                boolean defaultRoute = false;
                Map<String, Operation> operations = operations(item);
                for (Map.Entry<String, Operation> entry : operations.entrySet()) {
                    route(routes, keys, entry.getKey().toUpperCase(Locale.ROOT), path, basePath, item,
                            entry.getValue(), ImportContext.pointer(itemPointer, entry.getKey()));
                }
                Object any = itemExtensions.get(EXT + "any-method");
                if (any != null) {
                    String anyPointer = ImportContext.pointer(itemPointer, EXT + "any-method");
                    Map<String, Object> anyOperation = context.object(any, anyPointer);
                    defaultRoute = Boolean.TRUE.equals(context.bool(anyOperation.get("isDefaultRoute"),
                            anyPointer + "/isDefaultRoute"));
                    Operation operation = AnyMethod.operation(anyOperation, raw.swagger2());
                    String method = defaultRoute || path.equals("/$default") && type == ApiType.HTTP ? "$default" : "ANY";
                    route(routes, keys, method, path, basePath, item, operation, anyPointer);
                }
                itemExtensions.keySet().stream().filter(k -> k.startsWith(EXT) && !k.equals(EXT + "any-method"))
                        .forEach(k -> context.warn(ImportContext.pointer(itemPointer, k),
                                "unknown API Gateway extension on a path; ignored"));
            });
            return routes;
        }

        private String basePath() {
            if (context.options.basePath() == BasePathMode.IGNORE) {
                return "";
            }
            if (raw.swagger2()) {
                return raw.basePath() == null ? "" : raw.basePath();
            }
            List<Server> servers = openApi.getServers();
            if (servers == null || servers.isEmpty()) {
                return "";
            }
            Server server = servers.get(0);
            if (server.getVariables() != null) {
                ServerVariable variable = server.getVariables().get("basePath");
                if (variable != null && variable.getDefault() != null) {
                    return variable.getDefault();
                }
            }
            try {
                String url = server.getUrl() == null ? "" : server.getUrl().replaceAll("\\{[^}]*}", "x");
                String path = URI.create(url).getPath();
                return path == null ? "" : path;
            } catch (IllegalArgumentException e) {
                context.warn("/servers/0/url", "not a URL; no base path taken from it");
                return "";
            }
        }

        private void route(List<Object> routes, Set<String> keys, String method, String path, String basePath,
                           PathItem item, Operation operation, String pointer) {
            String routePath = context.options.basePath().apply(basePath, path);
            String key = method.equals("$default") ? "$default" : method + " " + routePath;
            if (!keys.add(key)) {
                context.warn(pointer, "route '" + key + "' is defined twice; this one is ignored");
                return;
            }
            int index = routes.size();
            String property = "routes[" + index + "]";
            context.from(property, pointer);
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("route-key", key);
            Map<String, Object> extensions = extensions(operation.getExtensions());
            extensions.keySet().stream().filter(k -> k.startsWith(EXT) && !OPERATION_EXTENSIONS.contains(k)).forEach(k ->
                    context.warn(ImportContext.pointer(pointer, k), "unknown API Gateway extension on an operation; "
                            + "ignored"));
            List<Parameter> parameters = new ArrayList<>();
            if (item.getParameters() != null) {
                parameters.addAll(item.getParameters());
            }
            if (operation.getParameters() != null) {
                parameters.addAll(operation.getParameters());
            }
            if (type == ApiType.REST) {
                requestParameters(route, parameters);
                requestModels(route, operation, pointer);
            } else if (extensions.containsKey(EXT + "request-validator")) {
                // an HTTP API with a validator: Tollgate's own export (AWS validates REST APIs only)
                requestParameters(route, parameters);
                requestModels(route, operation, pointer);
            }
            requestValidator(route, extensions, pointer);
            tollgateRoute(route, operation, pointer);
            security.apply(route, operation, extensions, pointer);
            Object integration = extensions.get(EXT + "integration");
            if (integration == null) {
                context.warn(pointer, "no " + EXT + "integration: the route answers 500 {\"message\": \"Internal "
                        + "server error\"} (as AWS's method without an integration)");
                route.put("integration", Integrations.internalError());
            } else {
                Map<String, Object> mapped = integrations.read(integration, ImportContext.pointer(pointer,
                        EXT + "integration"), property + ".integration", route);
                route.put("integration", mapped);
            }
            routes.add(route);
        }

        /**
         * The query string parameters and headers the operation declares, required or not (AWS also declares the path's
         * variables required: a matched route always has them, so they are left out).
         */
        private void requestParameters(Map<String, Object> route, List<Parameter> parameters) {
            Map<String, Object> required = new LinkedHashMap<>();
            for (Parameter parameter : parameters) {
                String in = parameter.getIn() == null ? "" : parameter.getIn();
                String location = switch (in) {
                    case "query" -> "querystring";
                    case "header" -> "header";
                    default -> null;
                };
                if (location != null && parameter.getName() != null) {
                    required.put("method.request." + location + "." + parameter.getName(),
                            Boolean.TRUE.equals(parameter.getRequired()));
                }
            }
            if (!required.isEmpty()) {
                route.put("request-parameters", required);
            }
        }

        private void requestModels(Map<String, Object> route, Operation operation, String pointer) {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                return;
            }
            Map<String, Object> requestModels = new LinkedHashMap<>();
            for (Map.Entry<String, MediaType> content : operation.getRequestBody().getContent().entrySet()) {
                MediaType mediaType = content.getValue();
                if (mediaType == null || mediaType.getSchema() == null) {
                    continue;
                }
                String ref = mediaType.getSchema().get$ref();
                String model = ref == null ? null : models.name(ref);
                if (model == null) {
                    if (ref != null) {
                        context.warn(pointer + "/requestBody", "'" + ref + "' is not one of the document's schemas; "
                                + "the body is not validated");
                    }
                    continue;
                }
                requestModels.put(content.getKey().equals("*/*") ? "$default" : content.getKey(), model);
            }
            if (!requestModels.isEmpty()) {
                route.put("request-models", requestModels);
                referencesModels = true;
            }
        }

        /** Tollgate's own route settings ({@code x-tollgate-route}): the body limit, the route cache's. */
        private void tollgateRoute(Map<String, Object> route, Operation operation, String pointer) {
            String at = pointer + "/x-tollgate-route";
            Map<String, Object> own = context.object(extensions(operation.getExtensions()).get("x-tollgate-route"), at);
            Integer limit = context.integer(own.get("maxRequestBodySize"), at + "/maxRequestBodySize");
            if (limit != null) {
                route.put("max-request-body-size", limit + "B");
            }
            Map<String, Object> cache = context.object(own.get("cache"), at + "/cache");
            Boolean enabled = context.bool(cache.get("enabled"), at + "/cache/enabled");
            Integer ttl = context.integer(cache.get("ttlInSeconds"), at + "/cache/ttlInSeconds");
            Boolean shared = context.bool(cache.get("public"), at + "/cache/public");
            if (enabled != null) {
                Integrations.cache(route).put("enabled", enabled);
            }
            if (ttl != null) {
                Integrations.cache(route).put("ttl", ttl + "s");
            }
            if (shared != null) {
                Integrations.cache(route).put("public", shared);
            }
        }

        private void requestValidator(Map<String, Object> route, Map<String, Object> extensions, String pointer) {
            String name = context.text(extensions.get(EXT + "request-validator"),
                    ImportContext.pointer(pointer, EXT + "request-validator"));
            if (name == null || name.isBlank()) {
                name = defaultValidator;
            } else if (!validators.containsKey(name)) {
                context.error(ImportContext.pointer(pointer, EXT + "request-validator"),
                        "no request validator '" + name + "' in " + EXT + "request-validators");
                return;
            }
            String validator = name == null ? null : validators.get(name);
            if (validator != null && !validator.isEmpty()) {
                route.put("request-validator", validator);
            }
        }
    }

    /** The operations a document may hold under a security requirement's names. */
    static List<Map<String, List<String>>> requirements(@Nullable List<SecurityRequirement> security) {
        List<Map<String, List<String>>> result = new ArrayList<>();
        if (security != null) {
            for (SecurityRequirement requirement : security) {
                Map<String, List<String>> copy = new LinkedHashMap<>();
                requirement.forEach((k, v) -> copy.put(k, v == null ? List.of() : v));
                result.add(copy);
            }
        }
        return result;
    }
}
