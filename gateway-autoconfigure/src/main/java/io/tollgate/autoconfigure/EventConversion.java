package io.tollgate.autoconfigure;

import org.springframework.core.ResolvableType;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts proxy events (JSON-like maps) to the types functions declare ({@code APIGatewayProxyRequestEvent}, a
 * record of the application's) and their results back to maps, with Jackson. Unknown properties are ignored.
 */
final class EventConversion {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The input type a function bean declares for {@code functionType}'s first type parameter; Object if unknown. */
    static Class<?> inputType(Object bean, Class<?> functionType) {
        return ResolvableType.forClass(bean.getClass()).as(functionType).getGeneric(0).resolve(Object.class);
    }

    /** The event as {@code type}: itself when it already is one (a map for map-typed functions). */
    Object toInput(Object event, Class<?> type) {
        return type == Object.class || type.isInstance(event) ? event : json.convertValue(event, type);
    }

    /** A result as the gateway reads it: maps, strings, lists and JSON scalars as they are; objects as maps. */
    Object toResult(Object result) {
        if (result == null || result instanceof String || result instanceof Map || result instanceof List
                || result instanceof Number || result instanceof Boolean) {
            return result;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(result, Map.class);
        Map<String, Object> clean = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                // Lombok-built AWS v2 classes expose isBase64Encoded as "base64Encoded"
                clean.put(key.equals("base64Encoded") ? "isBase64Encoded" : key, value);
            }
        });
        return clean;
    }

    byte[] toJson(Object value) {
        return json.writeValueAsBytes(value);
    }
}
