package io.tollgate.core.nonproxy;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import org.jspecify.annotations.Nullable;

/** Reads a field of a JSON body ({@code integration.response.body.field}) for a header mapping. */
public final class JsonBodies {

    private static final Configuration CONFIGURATION = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL);

    private JsonBodies() {
    }

    /** The value at {@code path} as text (JSON for objects and arrays), the whole body for {@code $}, or null. */
    public static @Nullable String read(String body, String path) {
        if ("$".equals(path)) {
            return body;
        }
        try {
            Object value = JsonPath.using(CONFIGURATION).parse(body).read(path);
            if (value == null) {
                return null;
            }
            return value instanceof String text ? text : CONFIGURATION.jsonProvider().toJson(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
