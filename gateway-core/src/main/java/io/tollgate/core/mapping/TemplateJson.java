package io.tollgate.core.mapping;

import io.tollgate.core.response.Json;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import net.minidev.json.writer.JsonReader;
import net.minidev.json.writer.JsonReaderI;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * JSON as templates see it: objects are insertion-ordered maps (which render like {@code Map.toString()},
 * {@code {foo=bar}}), arrays are {@link JsonList}s (which render as compact JSON). Parsing is strict RFC 8259.
 */
final class TemplateJson {

    /** Builds ordered maps for objects and {@link JsonList}s for arrays, at every depth. */
    private static final class Containers extends JsonReaderI<Object> {

        Containers() {
            super(new JsonReader());
        }

        @Override
        public JsonReaderI<?> startObject(String key) {
            return this;
        }

        @Override
        public JsonReaderI<?> startArray(String key) {
            return this;
        }

        @Override
        public Object createObject() {
            return new TemplateMap();
        }

        @Override
        public Object createArray() {
            return new JsonList();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void setValue(Object current, String key, Object value) {
            ((Map<String, Object>) current).put(key, value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void addValue(Object current, Object value) {
            ((List<Object>) current).add(value);
        }
    }

    private static final Containers CONTAINERS = new Containers();

    private TemplateJson() {
    }

    /** Parses {@code text} (null for JSON's {@code null}); throws {@link MalformedJsonException} naming the problem. */
    static @Nullable Object parse(String text) {
        int invalid = Json.jsonSmartLeniency(text);
        if (invalid >= 0) {
            char c = text.charAt(invalid);
            throw new MalformedJsonException("Unexpected " + (c < 0x20 ? "control character (U+" + String.format("%04X", (int) c)
                    + ")" : "character ('" + c + "')") + " at position " + invalid);
        }
        try {
            return new JSONParser(JSONParser.MODE_RFC4627).parse(text, CONTAINERS);
        } catch (ParseException e) {
            throw new MalformedJsonException(describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            throw new MalformedJsonException("the document is too deeply nested or malformed");
        }
    }

    private static String describe(ParseException e) {
        return switch (e.getErrorType()) {
            case ParseException.ERROR_UNEXPECTED_EOF -> "Unexpected end-of-input at position " + e.getPosition();
            case ParseException.ERROR_UNEXPECTED_CHAR -> "Unexpected character ('" + e.getUnexpectedObject()
                    + "') at position " + e.getPosition();
            default -> "Unexpected token (" + e.getUnexpectedObject() + ") at position " + e.getPosition();
        };
    }

    /** Compact JSON of a parsed value, a map, a list, a string, a number, a boolean or null. */
    static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0);
        return sb.toString();
    }

    private static void write(@Nullable Object value, StringBuilder sb, int depth) {
        if (depth > 1000) {
            throw new IllegalStateException("JSON value nested too deeply");
        }
        if (value == null || value instanceof Absent) {
            sb.append("null");
        } else if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            // a number beyond double range (1e400) parses as Infinity, which is no JSON: null, as json-smart writes it
            sb.append("null");
        } else if (value instanceof String s) {
            quote(s, sb);
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb, depth + 1);
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(item, sb, depth + 1);
            }
            sb.append(']');
        } else {
            quote(value.toString(), sb);
        }
    }

    static void quote(String s, StringBuilder sb) {
        sb.append(Json.quote(s));
    }
}
