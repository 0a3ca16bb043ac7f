package io.tollgate.core.openapi;

import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document as written (maps, lists and values), with the line of each of its items by JSON pointer: what
 * warnings and errors point at, and the schemas as written (models keep their JSON Schema keywords).
 */
record RawDocument(Map<String, Object> tree, Map<String, Integer> lines) {

    /** The openapi package's one JSON mapper (thread-safe): documents, models, policies, exports. */
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    /**
     * The most values a YAML document may hold once its aliases ({@code *name}) are expanded: far beyond any API's, far
     * below a "billion laughs" document's, which the OpenAPI parser would otherwise spend tens of seconds counting.
     */
    static final long MAX_EXPANDED_VALUES = 1_000_000;

    /** Reads {@code content}; a syntax error fails naming its line and column. */
    @SuppressWarnings("unchecked")
    static RawDocument read(String location, String content) {
        String trimmed = content.stripLeading();
        ObjectMapper mapper = trimmed.startsWith("{") || trimmed.startsWith("[") ? JSON : YAML;
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.createParser(content)) {
            Expansion expansion = new Expansion();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (expansion.add(parser, token) > MAX_EXPANDED_VALUES) {
                    throw new InvalidDefinitionException(location, List.of(new Problem("/", "its aliases expand to more "
                            + "than " + MAX_EXPANDED_VALUES + " values (line " + parser.currentTokenLocation().getLineNr()
                            + ")")));
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    continue;
                }
                lines.putIfAbsent(parser.streamReadContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
            Object tree = mapper.readValue(content, Object.class);
            if (!(tree instanceof Map<?, ?> map)) {
                throw new InvalidDefinitionException(location, List.of(new Problem("/",
                        "not an OpenAPI document: an object was expected")));
            }
            return new RawDocument(new LinkedHashMap<>((Map<String, Object>) map), lines);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidDefinitionException(location, List.of(new Problem("/",
                    "not valid " + (mapper == JSON ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage())));
        }
    }

    /**
     * The number of values a YAML document holds with its aliases expanded, counted as it streams by: each anchored
     * value's count is remembered, and an alias adds it again.
     */
    private static final class Expansion {

        private final Deque<long[]> open = new ArrayDeque<>();
        private final Deque<String> anchors = new ArrayDeque<>();
        private final Map<String, Long> sizes = new HashMap<>();

        /** Takes the token the parser is at; answers the largest count reached so far (capped past the limit). */
        long add(JsonParser parser, JsonToken token) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                open.push(new long[] {0});
                Object anchor = parser.getObjectId();
                anchors.push(anchor == null ? "" : String.valueOf(anchor));
                return 0;
            }
            if (token == JsonToken.PROPERTY_NAME) {
                return 0;
            }
            long size;
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                size = capped((open.isEmpty() ? 0 : open.pop()[0]) + 1);
                String anchor = anchors.isEmpty() ? "" : anchors.pop();
                if (!anchor.isEmpty()) {
                    sizes.put(anchor, size);
                }
            } else if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                size = sizes.getOrDefault(parser.getString(), 1L);
            } else {
                size = 1;
                Object anchor = parser.getObjectId();
                if (anchor != null) {
                    sizes.put(String.valueOf(anchor), 1L);
                }
            }
            if (open.isEmpty()) {
                return size;
            }
            long[] enclosing = open.peek();
            enclosing[0] = capped(enclosing[0] + size);
            return enclosing[0];
        }

        private static long capped(long count) {
            return Math.min(count, MAX_EXPANDED_VALUES + 1);
        }
    }

    /** Whether the document is Swagger 2.0 (otherwise OpenAPI 3). */
    boolean swagger2() {
        return tree.containsKey("swagger");
    }

    /** Swagger 2.0's {@code basePath}. */
    @Nullable String basePath() {
        return tree.get("basePath") instanceof String text ? text : null;
    }

    boolean hasPaths() {
        return tree.get("paths") instanceof Map;
    }

    /** The document's schemas as written, by name. */
    Map<String, Object> schemas() {
        return section("definitions", "schemas");
    }

    /** The pointer of the schemas' object: {@code /definitions} or {@code /components/schemas}. */
    String schemasPointer() {
        return swagger2() ? "/definitions" : "/components/schemas";
    }

    /** The security schemes as written, by name. */
    Map<String, Object> securitySchemes() {
        return section("securityDefinitions", "securitySchemes");
    }

    /** The pointer of the security schemes' object. */
    String securitySchemesPointer() {
        return swagger2() ? "/securityDefinitions" : "/components/securitySchemes";
    }

    /** A named section: at the top in Swagger 2.0 ({@code swagger2}), under {@code components} in OpenAPI 3. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String swagger2, String components) {
        Object holder = swagger2() ? tree.get(swagger2)
                : tree.get("components") instanceof Map<?, ?> map ? map.get(components) : null;
        return holder instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
