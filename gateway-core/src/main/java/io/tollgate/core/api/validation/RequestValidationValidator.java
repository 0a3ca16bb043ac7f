package io.tollgate.core.api.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.RouteSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an API's models and its routes' request validation (validator, required parameters, models by content
 * type), compiling every model's schema once: a schema must be JSON and valid against its draft's meta-schema.
 */
public final class RequestValidationValidator {

    /** Messages in English whatever the JVM's locale. */
    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build();
    /** Where AWS's models are: another model is referred to as {@code "$ref": MODELS + apiId + "/models/Name"}. */
    static final String MODELS = "https://apigateway.amazonaws.com/restapis/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9]{1,128}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+*-]+");
    private static final String[] LOCATIONS = {"header", "multivalueheader", "querystring", "multivaluequerystring", "path"};

    private final Problems problems;
    private final Map<String, RequestModel> models = new LinkedHashMap<>();
    private final Set<String> invalid = new HashSet<>();
    private final SchemaRegistry registry;
    private final String prefix;
    private final Map<String, String> schemas;

    /**
     * Compiles the API's models: draft 4 (AWS's) when a schema has no {@code $schema}; a {@code $ref} may name another
     * model of the API by its AWS URL ({@code https://apigateway.amazonaws.com/restapis/API_ID/models/Name}), and
     * nothing is ever fetched from the network.
     *
     * @param apiId   the API's id, as {@code $ref}s name it
     * @param schemas the API's models: JSON schemas by model name
     */
    public RequestValidationValidator(Problems problems, String apiId, Map<String, String> schemas) {
        this.problems = problems;
        this.schemas = schemas;
        this.prefix = MODELS + apiId + "/models/";
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, builder -> builder
                .schemaRegistryConfig(CONFIG)
                .schemaLoader(loader -> loader.fetchRemoteResources(false))
                .schemas(iri -> iri != null && iri.startsWith(prefix) ? schemas.get(iri.substring(prefix.length())) : null));
        schemas.forEach((name, text) -> {
            String path = "models[" + name + "]";
            if (name == null || !MODEL_NAME.matcher(name).matches()) {
                problems.add(path, "model names are 1-128 letters or digits");
                invalid.add(name);
                return;
            }
            RequestModel model = compile(name, text, path);
            if (model == null) {
                invalid.add(name);
            } else {
                models.put(name, model);
            }
        });
    }

    /** The API's models by name. */
    public Map<String, RequestModel> models() {
        return models;
    }

    /** The route's request validation, {@link RequestValidation#NONE} when it declares none. */
    public RequestValidation route(RouteSpec spec, @Nullable RouteKey key, String path) {
        RequestValidation.Validator validator = null;
        if (spec.requestValidator() != null && !spec.requestValidator().isBlank()) {
            validator = RequestValidation.Validator.parse(spec.requestValidator());
            if (validator == null) {
                problems.add(path + ".request-validator", "'" + spec.requestValidator()
                        + "' must be FULL, BODY_ONLY or PARAMS_ONLY");
            }
        }
        List<RequestValidation.RequiredParameter> required = new ArrayList<>();
        spec.requestParameters().forEach((expression, isRequired) -> {
            RequestValidation.RequiredParameter parameter = parameter(expression, key,
                    path + ".request-parameters[" + expression + "]");
            if (parameter != null && Boolean.TRUE.equals(isRequired)) {
                required.add(parameter);
            }
        });
        // AWS lists missing parameters in the order of their expressions: headers, then path, then query string
        required.sort(Comparator.comparing(RequestValidation.RequiredParameter::expression));
        Map<String, RequestModel> byType = new LinkedHashMap<>();
        spec.requestModels().forEach((contentType, modelName) -> {
            String entry = path + ".request-models[" + contentType + "]";
            String type = contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
            if (!type.equals(RequestValidation.DEFAULT_CONTENT_TYPE) && !MEDIA_TYPE.matcher(type).matches()) {
                problems.add(entry, "'" + contentType + "' must be a media type (application/json) or $default"
                        + " (in YAML, write such a map key in brackets)");
                return;
            }
            RequestModel model = modelName == null ? null : models.get(modelName.trim());
            if (model == null) {
                problems.add(entry, modelName != null && invalid.contains(modelName.trim())
                        ? "model '" + modelName.trim() + "' is not a valid JSON schema (see models[" + modelName.trim() + "])"
                        : "no model named '" + modelName + "' (models: " + models.keySet() + ")");
                return;
            }
            if (byType.putIfAbsent(type, model) != null) {
                problems.add(entry, "content type '" + type + "' has two models");
            }
        });
        if (validator == null && required.isEmpty() && byType.isEmpty()) {
            return RequestValidation.NONE;
        }
        return new RequestValidation(validator, required, byType);
    }

    private RequestValidation.@Nullable RequiredParameter parameter(String expression, @Nullable RouteKey key,
                                                                    String path) {
        String text = expression == null ? "" : expression.trim();
        for (String location : LOCATIONS) {
            String start = "method.request." + location + ".";
            if (text.startsWith(start) && text.length() > start.length()) {
                String name = text.substring(start.length());
                if (location.equals("path")) {
                    if (key != null && !key.pathVariableNames().contains(name)) {
                        problems.add(path, "route '" + key + "' has no path variable {" + name + "}");
                        return null;
                    }
                    return new RequestValidation.RequiredParameter(text, RequestValidation.Location.PATH, name);
                }
                return new RequestValidation.RequiredParameter(text, location.endsWith("header")
                        ? RequestValidation.Location.HEADER : RequestValidation.Location.QUERYSTRING, name);
            }
        }
        problems.add(path, "'" + expression + "' must be method.request.querystring.NAME, method.request.header.NAME"
                + " or method.request.path.NAME (in YAML, write such a map key in brackets)");
        return null;
    }

    /** The first {@code $ref} that is neither inside the schema nor another model of the API, or null. */
    private @Nullable String foreignRef(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                String target = ref.asString();
                boolean model = target.startsWith(prefix) && schemas.containsKey(target.substring(prefix.length()));
                if (!target.startsWith("#") && !model) {
                    return target;
                }
            }
        }
        for (JsonNode child : node) {
            String foreign = foreignRef(child);
            if (foreign != null) {
                return foreign;
            }
        }
        return null;
    }

    private @Nullable RequestModel compile(String name, @Nullable String text, String path) {
        if (text == null || text.isBlank()) {
            problems.add(path, "must be a JSON schema");
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            problems.add(path, "is not JSON: " + e.getOriginalMessage());
            return null;
        }
        if (!node.isObject()) {
            problems.add(path, "must be a JSON schema (a JSON object)");
            return null;
        }
        SpecificationVersion version = SpecificationVersion.DRAFT_4;
        if (node.has("$schema")) {
            version = SpecificationVersion.fromSchemaNode(node).orElse(null);
            if (version == null) {
                problems.add(path, "$schema '" + node.get("$schema").asString() + "' is not a supported draft "
                        + "(draft-04, draft-06, draft-07, 2019-09, 2020-12)");
                return null;
            }
        }
        String foreign = foreignRef(node);
        if (foreign != null) {
            problems.add(path, "$ref '" + foreign + "' must point inside the schema (#...) or to a model of this API ("
                    + prefix + "Name)");
            return null;
        }
        try {
            Schema meta = registry.getSchema(SchemaLocation.of(version.getDialectId()));
            List<com.networknt.schema.Error> errors = meta.validate(node);
            if (!errors.isEmpty()) {
                problems.add(path, "is not a valid JSON schema (" + version + "): " + errors.stream().limit(3)
                        .map(e -> (e.getInstanceLocation().toString().isEmpty() ? "" : e.getInstanceLocation() + ": ")
                                + e.getMessage())
                        .collect(Collectors.joining("; ")));
                return null;
            }
            return new RequestModel(name, text, registry.getSchema(node), version);
        } catch (RuntimeException e) {
            // a $ref that does not resolve, a pattern that does not compile
            problems.add(path, "does not compile: " + e.getMessage());
            return null;
        }
    }
}
