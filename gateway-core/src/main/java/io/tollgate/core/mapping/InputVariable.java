package io.tollgate.core.mapping;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * {@code $input}: the body and the parameters of the request (or, in a response template, the integration's
 * response body), with Amazon API Gateway's semantics. An empty body counts as {@code {}}; a body that is not JSON is
 * a string to {@code $input.path('$')} and {@code $input.json('$')}; a body that starts like JSON but is malformed
 * fails with {@link MalformedJsonException} (400).
 */
public final class InputVariable {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new TemplateJsonProvider())
            .options(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL)
            .build();

    private final String body;
    private final Map<String, String> path;
    private final Map<String, String> querystring;
    private final Map<String, String> header;
    /** The parsed body (null for JSON's null), or the body itself when it is plain text; read when first needed. */
    private @Nullable Object document;
    private boolean parsed;
    private boolean plainText;

    InputVariable(@Nullable String body, Map<String, String> path, Map<String, String> querystring,
                  Map<String, String> header) {
        this.body = body == null || body.isEmpty() ? "{}" : body;
        this.path = path;
        this.querystring = querystring;
        this.header = header;
    }

    /** {@code $input.body}: the raw payload ({@code {}} when empty). */
    public String getBody() {
        return body;
    }

    /** {@code $input.json(path)}: the JSONPath result as JSON text. */
    public String json(@Nullable String jsonPath) {
        Object value = read(jsonPath);
        return value == null || value == Absent.INSTANCE ? "" : TemplateJson.write(value);
    }

    /** {@code $input.path(path)}: the JSONPath result as an object (maps render {@code {a=b}}, lists as JSON). */
    public Object path(@Nullable String jsonPath) {
        Object value = read(jsonPath);
        return value == null ? Absent.INSTANCE : value;
    }

    /** {@code $input.params()}: {@code {path: {...}, querystring: {...}, header: {...}}}. */
    public Map<String, Object> params() {
        Map<String, Object> all = new TemplateMap();
        all.put("path", new TemplateMap(path));
        all.put("querystring", new TemplateMap(querystring));
        all.put("header", new TemplateMap(header));
        return all;
    }

    /** {@code $input.params(name)}: looked up in the path, then the query string, then the headers; empty if absent. */
    public String params(String name) {
        String value = path.get(name);
        if (value == null) {
            value = querystring.get(name);
        }
        if (value == null) {
            value = header.get(name);
        }
        if (value == null) {
            for (Map.Entry<String, String> e : header.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return value == null ? "" : value;
    }

    private @Nullable Object read(@Nullable String jsonPath) {
        if (jsonPath == null) {
            return null;
        }
        Object doc = document();
        if (plainText) {
            String text = (String) doc;
            // a non-JSON body is a plain string: '$' is the text, anything deeper is absent
            return jsonPath.trim().equals("$") ? text : null;
        }
        if (doc == null) {
            // the body is JSON's null: nothing is inside it, and '$' is null itself (Jayway refuses a null document)
            return null;
        }
        try {
            return JsonPath.using(JSON_PATH).parse(doc).read(jsonPath);
        } catch (InvalidPathException e) {
            throw new TemplateRenderException("invalid JSONPath '" + jsonPath + "': " + e.getMessage(), e);
        }
    }

    private @Nullable Object document() {
        if (!parsed) {
            String trimmed = body.trim();
            char first = trimmed.isEmpty() ? ' ' : trimmed.charAt(0);
            if (first == '{' || first == '[' || first == '"' || first == '-' || Character.isDigit(first)
                    || trimmed.equals("true") || trimmed.equals("false") || trimmed.equals("null")) {
                try {
                    document = TemplateJson.parse(trimmed);
                } catch (MalformedJsonException e) {
                    if (first == '{' || first == '[') {
                        throw e;
                    }
                    document = body;
                    plainText = true;
                }
            } else {
                document = body;
                plainText = true;
            }
            parsed = true;
        }
        return document;
    }

    /** Jayway's json-smart provider, creating the template's own containers for results it builds. */
    private static final class TemplateJsonProvider extends JsonSmartJsonProvider {
        @Override
        public Object createArray() {
            return new JsonList();
        }

        @Override
        public Object createMap() {
            return new TemplateMap();
        }
    }

    /** {@code $input} itself renders as nothing, not as a Java class name and identity hash. */
    @Override
    public String toString() {
        return "";
    }
}
