package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.StageLoggingProperties.AccessLog;
import io.tollgate.autoconfigure.TollgateCacheProperties.InvalidatorProperties;
import io.tollgate.autoconfigure.TollgateCacheProperties.RouteCacheProperties;
import io.tollgate.autoconfigure.TollgateCacheProperties.StageCacheProperties;
import io.tollgate.autoconfigure.TollgateObservabilityProperties.LogsProperties;
import io.tollgate.autoconfigure.TollgateObservabilityProperties.MetricsProperties;
import io.tollgate.autoconfigure.TollgateObservabilityProperties.TracingProperties;
import io.tollgate.autoconfigure.TollgateProperties.ApiProperties;
import io.tollgate.autoconfigure.TollgateProperties.PassThroughProperties;
import io.tollgate.autoconfigure.TollgateProperties.WebSocketProperties;
import io.tollgate.autoconfigure.TollgateProperties.AuthorizerProperties;
import io.tollgate.autoconfigure.TollgateProperties.CorsProperties;
import io.tollgate.autoconfigure.TollgateProperties.FunctionsProperties;
import io.tollgate.autoconfigure.TollgateProperties.GatewayResponseProperties;
import io.tollgate.autoconfigure.TollgateProperties.HttpClientProperties;
import io.tollgate.autoconfigure.TollgateProperties.IntegrationProperties;
import io.tollgate.autoconfigure.TollgateProperties.IntegrationResponseProperties;
import io.tollgate.autoconfigure.TollgateProperties.ResourcePolicyProperties;
import io.tollgate.autoconfigure.TollgateProperties.RouteProperties;
import io.tollgate.autoconfigure.TollgateProperties.ServerProperties;
import io.tollgate.autoconfigure.TollgateProperties.StageProperties;
import io.tollgate.autoconfigure.TollgateProperties.StepProperties;
import io.tollgate.autoconfigure.TollgateProperties.ThrottleProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.AccountThrottleProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.ApiKeyProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.ApiStageProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.QuotaProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.UsagePlanProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.UsageProperties;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.GatewayResponseType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code tollgate} configuration tree as a model, generated from Tollgate's {@code @ConfigurationProperties}
 * records: every nested object, list and map, kebab-case names (as in YAML), defaults from {@code @DefaultValue},
 * descriptions from the records' Javadoc, the closed sets of values (enums, and the few strings with a fixed set) and
 * examples of the open ones. It gives the JSON Schema (draft 2020-12) shipped for YAML editors,
 * {@code META-INF/tollgate-configuration.schema.json}, in which no other names are allowed, so that an editor
 * completes the whole tree and marks a misspelled key; the tests keep that file and the configuration reference
 * ({@code docs/configuration.md}) equal to it ({@code ConfigurationSchemaTest}, {@code ConfigurationReferenceTest}).
 *
 * <p>Javadoc is not there at run time: the generator is given it ({@link Javadoc}), by the tests, which read the
 * sources.
 */
final class ConfigurationSchema {

    /** The Javadoc of the records and enums, as Markdown; null where there is none. */
    interface Javadoc {

        /** The description of {@code record}'s component {@code component} (its {@code @param}). */
        @Nullable String component(Class<?> record, String component);

        /** The main description of {@code type}. */
        @Nullable String type(Class<?> type);

        /** The description of an enum constant. */
        @Nullable String constant(Enum<?> constant);
    }

    /** What a property holds. */
    sealed interface Type permits Scalar, Choice, ListType, MapType, ObjectType {
    }

    /**
     * A single value: {@code string}, {@code boolean}, {@code integer}, {@code number}, {@code duration},
     * {@code size}, {@code instant} or {@code time zone}, with examples of it.
     */
    record Scalar(String kind, List<Object> examples) implements Type {
    }

    /** One value of a set, and what it means (null when nothing says). */
    record Value(String value, @Nullable String description) {
    }

    /**
     * A string from a set of values. Closed: only {@code values}, written as any of {@code spellings}; open
     * ({@code other} not null): those or any other string, which {@code other} describes, such as {@code examples}.
     */
    record Choice(List<Value> values, List<Object> spellings, @Nullable String other, List<Object> examples)
            implements Type {

        boolean closed() {
            return other == null;
        }
    }

    /** A list, which a user may also write as one comma-separated string when its elements are not objects. */
    record ListType(Type element) implements Type {
    }

    /**
     * A map by name: keys are written as {@code placeholder} in the reference, and are {@code keys} when not null
     * (a closed set), or such as {@code keyExamples}.
     */
    record MapType(Type value, String placeholder, @Nullable Choice keys, List<Object> keyExamples) implements Type {
    }

    /**
     * An object: a record's components (with the records bound at the same prefix), or the names under a prefix.
     * {@code record} is the record whose title and description it takes, null for the names only conditions read.
     */
    record ObjectType(@Nullable Class<?> record, String title, @Nullable String description,
                      Map<String, Property> properties) implements Type {
    }

    /**
     * A property: its name as written in YAML, what it holds, its default (as written) and its description
     * (Markdown).
     */
    record Property(String name, Type type, @Nullable String defaultValue, String description) {
    }

    /**
     * Titles of the objects of the tree, by record, in the order the configuration reference lists them; a record
     * the tree reaches that has none fails the generation, so a new one is placed.
     */
    static final Map<Class<?>, String> TITLES = titles(
            TollgateProperties.class, "Top-level switches",
            ApiProperties.class, "API",
            TollgateProperties.OpenApiImportProperties.class, "OpenAPI import",
            TollgateProperties.OpenApiProperties.class, "OpenAPI imports",
            StageProperties.class, "Stage",
            AccessLog.class, "Access log",
            StageLoggingProperties.MethodSettingProperties.class, "Method setting",
            TollgateDeploymentsProperties.CanaryProperties.class, "Stage canary",
            TollgateDeploymentsProperties.CanaryAbortProperties.class, "Canary abort",
            StageCacheProperties.class, "Stage cache",
            InvalidatorProperties.class, "Cache invalidators",
            ThrottleProperties.class, "Throttle",
            RouteProperties.class, "Route",
            RouteCacheProperties.class, "Route cache",
            StepProperties.class, "Step",
            IntegrationProperties.class, "Integration",
            IntegrationResponseProperties.class, "Integration response",
            AuthorizerProperties.class, "Authorizer",
            CorsProperties.class, "CORS",
            ResourcePolicyProperties.class, "Resource policy",
            GatewayResponseProperties.class, "Gateway response",
            UsagePlanProperties.class, "Usage plan",
            QuotaProperties.class, "Quota",
            ApiStageProperties.class, "Usage plan API stage",
            ApiKeyProperties.class, "API key",
            UsageProperties.class, "Metering",
            AccountThrottleProperties.class, "Account throttle",
            HttpClientProperties.class, "HTTP client",
            WebSocketProperties.class, "WebSocket",
            PassThroughProperties.class, "WebSocket pass-through",
            TollgateProperties.ApiWebSocketProperties.class, "WebSocket API connections",
            ServerProperties.class, "Server",
            TollgateEdgeProperties.class, "Edge limits",
            FunctionsProperties.class, "Functions",
            TollgateCacheProperties.class, "Cache",
            TollgateDeploymentsProperties.class, "Deployments",
            TollgateDeploymentsProperties.RedisProperties.class, "Deployments in Redis",
            TollgateDeploymentsProperties.WatchProperties.class, "Watched configuration file",
            TollgateValidationProperties.class, "Validation",
            TollgateObservabilityProperties.class, "Observability",
            MetricsProperties.class, "Metrics",
            TracingProperties.class, "Tracing",
            LogsProperties.class, "Logs",
            IamProperties.class, "IAM",
            IamProperties.IamCredentialProperties.class, "IAM credential");

    /** Descriptions of the objects that only hold names conditions read (they have no record). */
    private static final Map<String, String> CONDITION_GROUPS = Map.of(
            "authorizers", "Custom authorizers (`TOKEN` and `REQUEST`): application beans that decide.",
            "startup-report", "What the gateway logs once the application is ready.");

    /** Methods a route cache stores, a route key names and an HTTP integration sends (with {@code ANY}). */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /** The {@code $context} variables of mapping expressions and templates, as written there. */
    static final List<String> CONTEXT_VARIABLES = Stream.of(ContextVariable.values())
            .flatMap(v -> v == ContextVariable.AUTHORIZER
                    ? Stream.of("$context.authorizer.principalId", "$context.authorizer.claims.sub")
                    : Stream.of("$context." + v.variableName()))
            .toList();

    /** What access logs know besides the {@code $context} variables of mappings: how the request ended. */
    static final List<String> ACCESS_LOG_VARIABLES = List.of("$context.status", "$context.responseLength",
            "$context.responseLatency", "$context.integrationLatency", "$context.integrationStatus",
            "$context.error.message", "$context.error.messageString", "$context.error.responseType",
            "$context.authorizer.latency", "$context.authorizer.status", "$context.authorizer.error",
            "$context.identity.apiKeyId");

    /** Examples and value sets the types alone do not give, by record and component. */
    private static final Map<Class<?>, Map<String, Hint>> HINTS = Map.ofEntries(
            Map.entry(TollgateProperties.class, Map.of(
                    "apis", Hint.placeholder("<name>"))),
            Map.entry(ApiProperties.class, Map.of(
                    "stages", Hint.placeholder("<stage>").withKeyExamples("[$default]", "prod"),
                    "authorizers", Hint.placeholder("<authorizer>"),
                    "gatewayResponses", Hint.placeholder("<type>").withKeys(caseInsensitive(
                            Stream.of(GatewayResponseType.values()).map(t -> new Value(t.name(),
                                    "AWS's default " + t.defaultStatus() + ", " + t.defaultMessage())).toList())),
                    "binaryMediaTypes", Hint.examples("image/png", "image/*", "application/octet-stream"),
                    "models", Hint.examples("classpath:models/pet.json", "file:/etc/gateway/pet.json")
                            .withKeyExamples("Pet"))),
            Map.entry(TollgateDeploymentsProperties.WatchProperties.class, Map.of(
                    "file", Hint.examples("/etc/gateway/apis.yml", "config/apis.properties"))),
            Map.entry(StageProperties.class, Map.of(
                    "routeThrottles", Hint.placeholder("<route-key>").withKeyExamples("[GET /pets/{id}]"),
                    "methodSettings", Hint.placeholder("<route-key>").withKeyExamples("[*/*]", "[GET /pets/{id}]"),
                    "pathPrefix", Hint.examples("", "/v1"))),
            Map.entry(AccessLog.class, Map.of(
                    "format", Hint.choice(new Choice(List.of(
                            new Value("CLF", "AWS's Common Log Format preset, in the API's flavour (REST or HTTP)"),
                            new Value("JSON", "AWS's JSON preset"),
                            new Value("XML", "AWS's XML preset"),
                            new Value("CSV", "AWS's CSV preset")),
                            caseInsensitiveSpellings(List.of("CLF", "JSON", "XML", "CSV")),
                            "a format of your own: text with `$context` variables, any of "
                                    + String.join(", ", variables(ACCESS_LOG_VARIABLES, CONTEXT_VARIABLES)),
                            List.of("$context.requestId $context.identity.sourceIp $context.httpMethod"
                                    + " $context.routeKey $context.status $context.responseLatency"))))),
            Map.entry(RouteProperties.class, Map.of(
                    "routeKey", Hint.examples(Stream.concat(Stream.of("GET /pets/{id}", "POST /pets",
                            "ANY /store/{proxy+}", "$default"), METHODS.stream().filter(m -> !m.equals("GET")
                            && !m.equals("POST")).map(m -> m + " /pets/{id}")).toArray()),
                    "requestValidator", Hint.choice(new Choice(List.of(
                            new Value("FULL", "the body against its model, and the required parameters"),
                            new Value("BODY_ONLY", "the body against its model"),
                            new Value("PARAMS_ONLY", "the required query string parameters, headers and path"
                                    + " parameters")),
                            caseInsensitiveSpellings(List.of("FULL", "BODY_ONLY", "PARAMS_ONLY", "ALL", "BODY",
                                    "PARAMS", "PARAMETERS_ONLY")), null, List.of())),
                    "requestParameters", Hint.keyed("[method.request.querystring.q]",
                            "[method.request.header.x-request-id]", "[method.request.path.id]"),
                    "requestModels", Hint.keyed("[application/json]", "[$default]"))),
            Map.entry(RouteCacheProperties.class, Map.of(
                    "methods", Hint.choice(caseInsensitive(METHODS.stream().map(m -> new Value(m, null)).toList())),
                    "keyParameters", Hint.examples("method.request.querystring.fields", "method.request.header.Accept",
                            "method.request.path.id"))),
            Map.entry(StepProperties.class, Map.of(
                    "args", Hint.keyed("level"))),
            Map.entry(IntegrationProperties.class, Map.of(
                    "uri", Hint.examples("http://pets.internal:8080/pets/{id}", "${stageVariables.backend}/{proxy}"),
                    "method", Hint.choice(caseInsensitive(Stream.concat(
                            Stream.of(new Value("ANY", "the request's own method")),
                            METHODS.stream().map(m -> new Value(m, null))).toList())),
                    "requestParameters", Hint.examples(Stream.concat(Stream.of("$request.header.x-request-id",
                            "$request.querystring.q", "$request.path.id", "$stageVariables.backend",
                            "method.request.header.x-request-id", "'static'"), CONTEXT_VARIABLES.stream()).toArray())
                            .withKeyExamples("[append:header.x-request-id]", "[overwrite:querystring.q]",
                                    "[remove:header.x-debug]", "[overwrite:path]",
                                    "[integration.request.header.x-caller]"),
                    "requestTemplates", Hint.keyed("[application/json]"),
                    "payloadFormatVersion", Hint.choice(payloadFormatVersions()))),
            Map.entry(IntegrationResponseProperties.class, Map.of(
                    "selectionPattern", Hint.examples("2\\d{2}", "4\\d{2}", "5\\d{2}"),
                    "responseParameters", Hint.keyed("[method.response.header.x-source]"),
                    "responseTemplates", Hint.keyed("[application/json]"))),
            Map.entry(AuthorizerProperties.class, Map.of(
                    "identitySources", Hint.examples("$request.header.Authorization", "$request.querystring.token",
                            "$stageVariables.x", "$context.identity.sourceIp", "method.request.header.Authorization"),
                    "payloadFormatVersion", Hint.choice(payloadFormatVersions()))),
            Map.entry(CorsProperties.class, Map.of(
                    "allowOrigins", Hint.examples("https://app.example.com", "https://*.example.com", "*"),
                    "allowMethods", Hint.examples(Stream.concat(Stream.of("*"), METHODS.stream()).toArray()),
                    "allowHeaders", Hint.examples("*", "authorization", "content-type"))),
            Map.entry(ResourcePolicyProperties.class, Map.of(
                    "allow", Hint.examples("192.0.2.0/24", "2001:db8::/32", "203.0.113.7"),
                    "deny", Hint.examples("192.0.2.0/24", "2001:db8::/32", "203.0.113.7"),
                    "trustedProxies", Hint.examples("10.0.0.0/8"))),
            Map.entry(GatewayResponseProperties.class, Map.of(
                    "responseParameters", Hint.examples("'static'", "context.requestId",
                            "method.request.header.origin")
                            .withKeyExamples("[gatewayresponse.header.Access-Control-Allow-Origin]"),
                    "responseTemplates", Hint.examples("{\"message\": $context.error.messageString}")
                            .withKeyExamples("[application/json]"))),
            Map.entry(TollgateUsageProperties.class, Map.of(
                    "usagePlans", Hint.placeholder("<plan>"),
                    "apiKeys", Hint.placeholder("<key>"))),
            Map.entry(ApiStageProperties.class, Map.of(
                    "routeThrottles", Hint.placeholder("<route-key>").withKeyExamples("[GET /pets/{id}]"))),
            Map.entry(UsageProperties.class, Map.of(
                    "store", Hint.choice(new Choice(List.of(
                            new Value("local", "this instance's memory"),
                            new Value("redis", "Redis, shared by every instance with the same `redis-prefix`")),
                            List.copyOf(UsageProperties.STORES), null, List.of())))),
            Map.entry(TollgateCacheProperties.class, Map.of(
                    "store", Hint.choice(new Choice(List.of(
                            new Value("local", "each instance's memory, bounded by each stage's `capacity`"),
                            new Value("redis", "Redis, shared by every instance with the same `redis-prefix`, bounded"
                                    + " by Redis's `maxmemory`")),
                            List.copyOf(TollgateCacheProperties.STORES), null, List.of())))),
            Map.entry(TollgateProperties.WebSocketProperties.class, Map.of(
                    "store", Hint.choice(new Choice(List.of(
                            new Value("local", "each instance reaches its own connections only"),
                            new Value("redis", "every instance with the same `redis-prefix` reaches every connection:"
                                    + " a registry in Redis, operations carried over pub/sub")),
                            List.copyOf(StoreSetting.VALUES), null, List.of())))),
            Map.entry(IamProperties.IamCredentialProperties.class, Map.of(
                    "allowedResources", Hint.examples("arn:aws:execute-api:*:*:petstore/prod/GET/pets/*"))));

    private final Javadoc javadoc;
    /** Components without a description, as {@code Record.component}. */
    private final List<String> undocumented = new ArrayList<>();
    /** Records the tree reaches without a title. */
    private final TreeSet<String> untitled = new TreeSet<>();

    private ConfigurationSchema(Javadoc javadoc) {
        this.javadoc = javadoc;
    }

    /**
     * The {@code tollgate} object of the tree.
     *
     * @throws IllegalStateException naming every record component without a description and every record without a
     *                               title
     */
    static ObjectType tree(Javadoc javadoc) {
        ConfigurationSchema generator = new ConfigurationSchema(javadoc);
        ObjectType tree = generator.tollgate();
        generator.check();
        return tree;
    }

    /** The object {@code record} gives, alone (for tests of the generator itself). */
    static ObjectType object(Class<?> record, Javadoc javadoc) {
        ConfigurationSchema generator = new ConfigurationSchema(javadoc);
        ObjectType object = generator.record(record);
        generator.untitled.remove(record.getName());
        generator.check();
        return object;
    }

    /** The JSON Schema of a document whose top-level key is {@code tollgate}. */
    static Map<String, Object> generate(Javadoc javadoc) {
        ObjectType tollgate = tree(javadoc);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "Tollgate configuration (the tollgate key of application.yml)");
        schema.put("type", "object");
        schema.put("properties", Map.of("tollgate", schema(tollgate)));
        return schema;
    }

    private void check() {
        if (!undocumented.isEmpty() || !untitled.isEmpty()) {
            StringBuilder message = new StringBuilder();
            if (!undocumented.isEmpty()) {
                message.append("Configuration properties without a description: write an @param in the record's"
                        + " Javadoc for each of ").append(String.join(", ", undocumented)).append(". ");
            }
            if (!untitled.isEmpty()) {
                message.append("Records of the configuration without a title: add each to ConfigurationSchema.TITLES: ")
                        .append(String.join(", ", untitled)).append('.');
            }
            throw new IllegalStateException(message.toString().trim());
        }
    }

    private ObjectType tollgate() {
        ObjectType tollgate = new ObjectType(TollgateProperties.class, title(TollgateProperties.class),
                javadoc.type(TollgateProperties.class), new LinkedHashMap<>());
        for (UnknownProperties.Target target : UnknownProperties.TARGETS) {
            String[] segments = target.prefix().substring("tollgate".length()).split("\\.");
            if (segments.length <= 1) {
                components(target.type(), tollgate.properties());
                continue;
            }
            ObjectType object = record(target.type());
            ObjectType at = tollgate;
            for (int i = 1; i < segments.length - 1; i++) {
                at = child(at, segments[i]);
            }
            String last = segments[segments.length - 1];
            Property existing = at.properties().get(last);
            if (existing != null && existing.type() instanceof ObjectType into) {
                object.properties().forEach(into.properties()::putIfAbsent);
            } else {
                at.properties().put(last, new Property(last, object, null, describe(target.type())));
            }
        }
        for (ConditionProperty condition : conditionProperties()) {
            String[] segments = condition.name().substring("tollgate.".length()).split("\\.");
            ObjectType at = tollgate;
            for (int i = 0; i < segments.length - 1; i++) {
                at = child(at, segments[i]);
            }
            String last = segments[segments.length - 1];
            at.properties().putIfAbsent(last, new Property(last, new Scalar("boolean", List.of()),
                    condition.defaultValue(), condition.description()));
        }
        return tollgate;
    }

    /** The object {@code name} of {@code object}, made (for names only conditions read) when it is not there. */
    private ObjectType child(ObjectType object, String name) {
        Property property = object.properties().get(name);
        if (property != null && property.type() instanceof ObjectType child) {
            return child;
        }
        String description = CONDITION_GROUPS.get(name);
        if (description == null) {
            throw new IllegalStateException("no description for the object '" + name + "' that holds names only"
                    + " conditions read: add one to ConfigurationSchema.CONDITION_GROUPS");
        }
        ObjectType child = new ObjectType(null, name, description, new LinkedHashMap<>());
        object.properties().put(name, new Property(name, child, null, description));
        return child;
    }

    /** A name only conditions read: its description and default come from the additional metadata. */
    private record ConditionProperty(String name, String description, @Nullable String defaultValue) {
    }

    private static List<ConditionProperty> conditionProperties() {
        JsonNode additional;
        try (InputStream in = ConfigurationSchema.class.getClassLoader()
                .getResourceAsStream("META-INF/additional-spring-configuration-metadata.json")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/additional-spring-configuration-metadata.json is missing");
            }
            additional = JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        additional.get("properties").forEach(p -> byName.put(p.get("name").asString(), p));
        List<ConditionProperty> properties = new ArrayList<>();
        for (String name : new TreeSet<>(UnknownProperties.CONDITION_ONLY)) {
            JsonNode property = byName.get(name);
            if (property == null || property.get("description") == null) {
                throw new IllegalStateException(name + " has no description in"
                        + " additional-spring-configuration-metadata.json");
            }
            JsonNode value = property.get("defaultValue");
            properties.add(new ConditionProperty(name, property.get("description").asString(),
                    value == null ? null : value.asString()));
        }
        return properties;
    }

    private String title(Class<?> record) {
        String title = TITLES.get(record);
        if (title == null) {
            untitled.add(record.getName());
            return record.getSimpleName();
        }
        return title;
    }

    /** The main description of a record bound at a prefix of its own, which describes the property there. */
    private String describe(Class<?> record) {
        String description = javadoc.type(record);
        if (description == null || description.isBlank()) {
            undocumented.add(record.getName() + " (its class Javadoc)");
            return "";
        }
        return description;
    }

    private ObjectType record(Class<?> type) {
        ObjectType object = new ObjectType(type, title(type), javadoc.type(type), new LinkedHashMap<>());
        components(type, object.properties());
        return object;
    }

    /** The properties of {@code type}'s components, put into {@code properties} unless a name is there already. */
    private void components(Class<?> type, Map<String, Property> properties) {
        RecordComponent[] components = type.getRecordComponents();
        // @DefaultValue and @Name are on the canonical constructor's parameters, where the binder reads them
        Parameter[] parameters = canonical(type).getParameters();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            Hint hint = HINTS.getOrDefault(type, Map.of()).getOrDefault(component.getName(), Hint.NONE);
            Type t = type(ResolvableType.forType(component.getGenericType()), hint);
            DefaultValue value = parameters[i].getAnnotation(DefaultValue.class);
            String defaultValue = value != null && value.value().length == 1 ? value.value()[0] : null;
            String description = javadoc.component(type, component.getName());
            if (description == null || description.isBlank()) {
                undocumented.add(type.getName().substring(type.getPackageName().length() + 1).replace('$', '.')
                        + "." + component.getName());
                description = "";
            }
            Name renamed = parameters[i].getAnnotation(Name.class);
            String name = renamed != null ? renamed.value() : DataObjectPropertyName.toDashedForm(component.getName());
            properties.putIfAbsent(name, new Property(name, t, defaultValue, description));
        }
    }

    private static Constructor<?> canonical(Class<?> record) {
        Class<?>[] types = Stream.of(record.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return record.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(record + " has no canonical constructor", e);
        }
    }

    private Type type(ResolvableType type, Hint hint) {
        Class<?> raw = type.resolve(Object.class);
        if (raw == String.class) {
            Choice choice = hint.choice();
            return choice != null ? choice : new Scalar("string", hint.examples());
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return new Scalar("boolean", List.of());
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return new Scalar("integer", List.of());
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return new Scalar("number", List.of());
        }
        if (raw == Duration.class) {
            return new Scalar("duration", List.of("10s", "500ms", "5m", "PT10S"));
        }
        if (raw == DataSize.class) {
            return new Scalar("size", List.of("64KB", "10MB"));
        }
        if (raw == Instant.class) {
            return new Scalar("instant", List.of("2026-01-01T00:00:00Z"));
        }
        if (raw == ZoneId.class) {
            return new Scalar("time zone", List.of("UTC", "Europe/Paris", "America/New_York"));
        }
        if (raw.isEnum()) {
            List<Value> values = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                values.add(new Value(e.name(), javadoc.constant(e)));
            }
            return caseInsensitive(values);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType element = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
            return new ListType(type(element, hint));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new MapType(type(type.asMap().getGeneric(1), hint), hint.placeholder(), hint.keys(),
                    hint.keyExamples());
        }
        if (raw.isRecord()) {
            return record(raw);
        }
        throw new IllegalStateException("ConfigurationSchema has no schema for " + type
                + ": teach ConfigurationSchema.type(...) how users write it");
    }

    /** The closed set {@code values}, written in any case and with {@code _} or {@code -}, as the binder takes it. */
    private static Choice caseInsensitive(List<Value> values) {
        return new Choice(values, caseInsensitiveSpellings(values.stream().map(Value::value).toList()), null,
                List.of());
    }

    /** {@code values} as written in the forms users write: {@code HTTP_PROXY}, {@code http_proxy}, {@code http-proxy}. */
    private static List<Object> caseInsensitiveSpellings(List<String> values) {
        List<Object> spellings = new ArrayList<>();
        for (String value : values) {
            String lower = value.toLowerCase(Locale.ROOT);
            for (String spelling : List.of(value, lower, lower.replace('_', '-'))) {
                if (!spellings.contains(spelling)) {
                    spellings.add(spelling);
                }
            }
        }
        return spellings;
    }

    /**
     * The payload format versions: strings, though YAML reads a plain {@code 2.0} as a number (which the binder turns
     * back into {@code "2.0"}), so the schema takes both.
     */
    private static Choice payloadFormatVersions() {
        return new Choice(List.of(new Value("1.0", "AWS's version 1.0 event (REST APIs' format)"),
                new Value("2.0", "AWS's version 2.0 event (HTTP APIs' format)")),
                List.of("1.0", "2.0", 1.0, 2.0), null, List.of());
    }

    private static List<String> variables(List<String> first, List<String> then) {
        return Stream.concat(first.stream(), then.stream()).map(v -> "`" + v + "`").toList();
    }

    /** Examples and value sets for a component; for a list they apply to its elements, for a map to its values. */
    private record Hint(@Nullable Choice choice, List<Object> examples, String placeholder, @Nullable Choice keys,
                        List<Object> keyExamples) {

        static final Hint NONE = new Hint(null, List.of(), "<name>", null, List.of());

        static Hint choice(Choice choice) {
            return new Hint(choice, List.of(), NONE.placeholder(), null, List.of());
        }

        static Hint examples(Object... examples) {
            return new Hint(null, List.of(examples), NONE.placeholder(), null, List.of());
        }

        static Hint placeholder(String placeholder) {
            return new Hint(null, List.of(), placeholder, null, List.of());
        }

        static Hint keyed(Object... keyExamples) {
            return NONE.withKeyExamples(keyExamples);
        }

        Hint withKeyExamples(Object... keyExamples) {
            return new Hint(choice, examples, placeholder, keys, List.of(keyExamples));
        }

        Hint withKeys(Choice keys) {
            return new Hint(choice, examples, placeholder, keys, keyExamples);
        }
    }

    // the JSON Schema

    /** The JSON Schema of {@code type}. */
    static Map<String, Object> schema(Type type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (type instanceof Scalar scalar) {
            schema.put("type", switch (scalar.kind()) {
                case "boolean" -> List.of("boolean", "string");
                case "integer" -> List.of("integer", "string");
                case "number" -> List.of("number", "string");
                case "duration", "size" -> List.of("string", "integer");
                default -> "string";
            });
            if (!scalar.examples().isEmpty()) {
                schema.put("examples", scalar.examples());
            }
        } else if (type instanceof Choice choice && choice.closed()) {
            schema.put("enum", choice.spellings());
        } else if (type instanceof Choice choice) {
            List<Object> anyOf = new ArrayList<>();
            for (Value value : choice.values()) {
                Map<String, Object> constant = new LinkedHashMap<>();
                constant.put("const", value.value());
                if (value.description() != null) {
                    constant.put("description", value.description());
                }
                anyOf.add(constant);
            }
            Map<String, Object> other = new LinkedHashMap<>();
            other.put("type", "string");
            other.put("description", String.valueOf(choice.other()));
            if (!choice.examples().isEmpty()) {
                other.put("examples", choice.examples());
            }
            anyOf.add(other);
            schema.put("anyOf", anyOf);
        } else if (type instanceof ListType list) {
            // a list of values may also be written as one comma-separated string
            schema.put("type", list.element() instanceof ObjectType ? "array" : List.of("array", "string"));
            schema.put("items", schema(list.element()));
        } else if (type instanceof MapType map) {
            schema.put("type", "object");
            schema.put("additionalProperties", schema(map.value()));
            Choice keys = map.keys();
            if (keys != null) {
                schema.put("propertyNames", Map.of("enum", keys.spellings()));
            } else if (!map.keyExamples().isEmpty()) {
                schema.put("propertyNames", Map.of("examples", map.keyExamples()));
            }
        } else if (type instanceof ObjectType object) {
            schema.put("type", "object");
            if (object.record() != null) {
                schema.put("title", object.title());
            }
            if (object.description() != null) {
                schema.put("description", object.description());
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            object.properties().forEach((name, property) -> {
                Map<String, Object> p = new LinkedHashMap<>(schema(property.type()));
                p.put("description", property.description());
                if (property.defaultValue() != null) {
                    p.put("default", property.defaultValue());
                }
                properties.put(name, p);
            });
            schema.put("properties", properties);
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static Map<Class<?>, String> titles(Object... pairs) {
        Map<Class<?>, String> titles = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            titles.put((Class<?>) pairs[i], (String) pairs[i + 1]);
        }
        return titles;
    }
}
