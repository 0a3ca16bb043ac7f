package io.tollgate.autoconfigure;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON Schema (draft 2020-12) of the {@code tollgate} configuration tree, generated from Tollgate's
 * {@code @ConfigurationProperties} records: every nested object, list and map, with enums for closed sets of values,
 * kebab-case names (as in YAML) and no other names allowed, so that a YAML editor completes the whole tree and marks a
 * misspelled key. The build keeps {@code META-INF/tollgate-configuration.schema.json} equal to it
 * ({@code ConfigurationSchemaTest}).
 */
final class ConfigurationSchema {

    /**
     * The closed sets of values some string properties take: those an enum cannot carry ({@code 2.0}), or whose
     * model also takes other spellings. The other closed sets are enums in the records, so that Spring's binder and an
     * IDE know them.
     */
    private static final Map<Class<?>, Map<String, List<String>>> CLOSED = Map.of(
            TollgateProperties.IntegrationProperties.class, Map.of(
                    "payloadFormatVersion", List.of("1.0", "2.0")),
            TollgateProperties.AuthorizerProperties.class, Map.of(
                    "payloadFormatVersion", List.of("1.0", "2.0")));

    private ConfigurationSchema() {
    }

    /** {@code values} as written in any of the forms the model accepts: {@code HTTP_PROXY}, {@code http_proxy}, {@code http-proxy}. */
    private static List<String> spellings(List<String> values) {
        List<String> spellings = new ArrayList<>();
        for (String value : values) {
            spellings.add(value);
            spellings.add(value.toLowerCase(Locale.ROOT));
            spellings.add(value.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return spellings.stream().distinct().toList();
    }

    /** The schema of a document whose top-level key is {@code tollgate}. */
    static Map<String, Object> generate() {
        Map<String, Object> tollgate = object();
        for (UnknownProperties.Target target : UnknownProperties.TARGETS) {
            Map<String, Object> at = tollgate;
            String prefix = target.prefix();
            for (String segment : prefix.substring("tollgate".length()).split("\\.")) {
                if (!segment.isEmpty()) {
                    at = child(at, segment);
                }
            }
            merge(at, record(target.type()));
        }
        for (String name : UnknownProperties.CONDITION_ONLY) {
            Map<String, Object> at = tollgate;
            String[] segments = name.substring("tollgate.".length()).split("\\.");
            for (int i = 0; i < segments.length - 1; i++) {
                at = child(at, segments[i]);
            }
            properties(at).putIfAbsent(segments[segments.length - 1], Map.of("type", "boolean"));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "Tollgate configuration (the tollgate key of application.yml)");
        schema.put("type", "object");
        schema.put("properties", Map.of("tollgate", tollgate));
        return schema;
    }

    private static Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("properties", new LinkedHashMap<String, Object>());
        object.put("additionalProperties", false);
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> object) {
        return (Map<String, Object>) object.getOrDefault("properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> object, String name) {
        return (Map<String, Object>) properties(object).computeIfAbsent(name, n -> object());
    }

    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        properties(from).forEach((name, schema) -> properties(into).putIfAbsent(name, schema));
    }

    private static Map<String, Object> record(Class<?> type) {
        Map<String, Object> object = object();
        for (RecordComponent component : type.getRecordComponents()) {
            Map<String, Object> schema = new LinkedHashMap<>(of(ResolvableType.forType(component.getGenericType())));
            List<String> closed = CLOSED.getOrDefault(type, Map.of()).get(component.getName());
            if (closed != null) {
                schema.put("enum", spellings(closed));
            }
            DefaultValue value = component.getAnnotation(DefaultValue.class);
            if (value != null && value.value().length == 1) {
                schema.put("default", value.value()[0]);
            }
            properties(object).put(DataObjectPropertyName.toDashedForm(component.getName()), schema);
        }
        return object;
    }

    private static Map<String, Object> of(ResolvableType type) {
        Class<?> raw = type.resolve(Object.class);
        if (raw == String.class) {
            return Map.of("type", "string");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Map.of("type", List.of("boolean", "string"));
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return Map.of("type", List.of("integer", "string"));
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return Map.of("type", List.of("number", "string"));
        }
        if (raw == Duration.class) {
            return Map.of("type", List.of("string", "integer"), "description",
                    "a duration: 500ms, 10s, 5m, an ISO-8601 duration (PT10S), or milliseconds");
        }
        if (raw == DataSize.class) {
            return Map.of("type", List.of("string", "integer"), "description", "a size: 64KB, 10MB, or bytes");
        }
        if (raw == Instant.class) {
            return Map.of("type", "string", "description", "an instant, ISO-8601 (2026-01-01T00:00:00Z)");
        }
        if (raw.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return Map.of("enum", spellings(values));
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType element = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
            Map<String, Object> items = of(element);
            Map<String, Object> array = new LinkedHashMap<>();
            // a list of values may also be written as one comma-separated string
            array.put("type", items.containsKey("properties") ? "array" : List.of("array", "string"));
            array.put("items", items);
            return array;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("type", "object");
            map.put("additionalProperties", of(type.asMap().getGeneric(1)));
            return map;
        }
        if (raw.isRecord()) {
            return record(raw);
        }
        return Map.of();
    }
}
