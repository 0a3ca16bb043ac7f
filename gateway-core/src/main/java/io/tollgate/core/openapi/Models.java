package io.tollgate.core.openapi;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document's schemas as the API's models (AWS makes a model of each): JSON schemas as written, each reference
 * to another of the document's schemas replaced by that schema (a model stands alone), a reference back to a schema
 * being inlined left open (with a warning).
 */
final class Models {

    private static final ObjectMapper JSON = RawDocument.JSON;

    private final RawDocument raw;
    private final ImportContext context;

    Models(RawDocument raw, ImportContext context) {
        this.raw = raw;
        this.context = context;
    }

    /** The model's name a reference ({@code #/components/schemas/Pet}, {@code #/definitions/Pet}) names, or null. */
    @Nullable String name(String ref) {
        for (String prefix : List.of("#/components/schemas/", "#/definitions/")) {
            if (ref.startsWith(prefix)) {
                String name = ref.substring(prefix.length()).replace("~1", "/").replace("~0", "~");
                return raw.schemas().containsKey(name) ? name : null;
            }
        }
        return null;
    }

    /** Every schema as a model: name to JSON text. */
    Map<String, Object> all() {
        Map<String, Object> models = new LinkedHashMap<>();
        raw.schemas().forEach((name, schema) -> {
            String pointer = ImportContext.pointer(raw.schemasPointer(), name);
            Set<String> inlining = new LinkedHashSet<>();
            inlining.add(name);
            models.put(name, JSON.writeValueAsString(inline(schema, pointer, inlining)));
        });
        return models;
    }

    @SuppressWarnings("unchecked")
    private @Nullable Object inline(@Nullable Object node, String pointer, Set<String> inlining) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String text) {
                String target = name(text);
                if (target == null) {
                    if (!text.startsWith("#")) {
                        context.warn(pointer + "/$ref", "'" + text + "' is in another document; an import reads one "
                                + "document: left as written");
                    }
                    return map;
                }
                if (inlining.contains(target)) {
                    context.warn(pointer + "/$ref", "schema '" + target + "' refers back to itself; the inner "
                            + "reference accepts anything");
                    return Map.of();
                }
                inlining.add(target);
                Object inlined = inline(raw.schemas().get(target), ImportContext.pointer(raw.schemasPointer(), target),
                        inlining);
                inlining.remove(target);
                return inlined;
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, inline(v, ImportContext.pointer(pointer, k),
                    inlining)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(inline(list.get(i), pointer + "/" + i, inlining));
            }
            return copy;
        }
        return node;
    }
}
