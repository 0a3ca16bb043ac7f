package io.tollgate.core.mapping;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import io.tollgate.core.api.SelectionExpression;
import net.minidev.json.parser.JSONParser;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SelectionExpression} compiled for messages: each reference's JSONPath compiled once, the message parsed
 * once per evaluation (strict JSON, RFC 4627: a message AWS would not parse is not parsed here either). As AWS
 * evaluates it: a path not in the message is {@code ""} ({@code ${request.body.action}-${request.body.missing}} is
 * {@code join-}), values are made text ({@code 42}, {@code true}; a JSON {@code null} is {@code ""}; an array
 * {@code [item1, item2]}, an object {@code {key=value}}), never evaluated again.
 */
public final class SelectionEvaluator {

    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JsonSmartJsonProvider(JSONParser.MODE_RFC4627))
            .mappingProvider(new JsonSmartMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final SelectionExpression expression;
    /** Each part: its text, or its compiled path ({@code null} for the whole message). */
    private final List<Object> parts;

    private SelectionEvaluator(SelectionExpression expression, List<Object> parts) {
        this.expression = expression;
        this.parts = parts;
    }

    public static SelectionEvaluator compile(SelectionExpression expression) {
        List<Object> parts = new ArrayList<>();
        for (SelectionExpression.Part part : expression.parts()) {
            if (part instanceof SelectionExpression.Text text) {
                parts.add(text.value());
            } else {
                String path = ((SelectionExpression.Body) part).jsonPath();
                parts.add("$".equals(path) ? WholeMessage.INSTANCE : JsonPath.compile(path));
            }
        }
        return new SelectionEvaluator(expression, List.copyOf(parts));
    }

    public SelectionExpression expression() {
        return expression;
    }

    /**
     * The expression's value for {@code message}, or null when it reads the message and the message is not JSON (AWS
     * sends such a message to the {@code $default} route).
     */
    public @Nullable String evaluate(String message) {
        DocumentContext document = null;
        if (expression.readsBody()) {
            if (!mayBeJson(message)) {
                // not JSON (plain text, most often): told before the parser, whose refusal builds an exception
                return null;
            }
            try {
                document = JsonPath.using(JSON).parse(message);
            } catch (RuntimeException e) {
                return null;
            }
            if (document.json() == null) {
                return null;
            }
        }
        StringBuilder value = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                value.append(text);
            } else if (part == WholeMessage.INSTANCE) {
                value.append(message);
            } else {
                // a reference: the document was parsed above
                Object found = Objects.requireNonNull(document).read((JsonPath) part);
                appendText(value, found);
            }
        }
        return value.toString();
    }

    /** Whether {@code message} starts (after JSON's white space) with what a JSON value may start with. */
    private static boolean mayBeJson(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f'
                    || c == 'n';
        }
        return false;
    }

    /** {@code value} as text: strings as they are, {@code null} as nothing, arrays and objects as Java lists and maps print. */
    private static void appendText(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendText(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(entry.getKey()).append('=');
                appendText(out, entry.getValue());
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** The part that is the whole message ({@code $request.body}). */
    private enum WholeMessage {
        INSTANCE
    }
}
