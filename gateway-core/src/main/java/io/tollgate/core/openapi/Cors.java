package io.tollgate.core.openapi;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code x-amazon-apigateway-cors} (HTTP APIs): the API's CORS configuration. */
final class Cors {

    private Cors() {
    }

    static Map<String, Object> read(@Nullable Object value, String pointer, ImportContext context) {
        Map<String, Object> cors = new LinkedHashMap<>();
        if (value == null) {
            return cors;
        }
        Map<String, Object> spec = context.object(value, pointer);
        for (String[] list : new String[][] {{"allowOrigins", "allow-origins"}, {"allowMethods", "allow-methods"},
                {"allowHeaders", "allow-headers"}, {"exposeHeaders", "expose-headers"}}) {
            List<String> items = new ArrayList<>();
            List<?> written = context.list(spec.get(list[0]), pointer + "/" + list[0]);
            for (int i = 0; i < written.size(); i++) {
                String item = context.text(written.get(i), pointer + "/" + list[0] + "/" + i);
                if (item != null && !item.isBlank()) {
                    items.add(item.trim());
                }
            }
            if (!items.isEmpty()) {
                cors.put(list[1], items);
            }
        }
        Boolean credentials = context.bool(spec.get("allowCredentials"), pointer + "/allowCredentials");
        if (credentials != null) {
            cors.put("allow-credentials", credentials);
        }
        Integer maxAge = context.integer(spec.get("maxAge"), pointer + "/maxAge");
        if (maxAge != null) {
            cors.put("max-age", maxAge + "s");
        }
        return cors;
    }
}
