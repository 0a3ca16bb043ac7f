package io.tollgate.core.openapi;

import io.tollgate.core.api.Problem;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One import's state: the options, the lines of the document's items, the warnings and errors found so far, and the
 * pointer each part of the definition came from; and the readers of extension values (written by AWS's tools in
 * many shapes: numbers as strings, enum values in any case, CloudFormation functions where text should be).
 */
final class ImportContext {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    final ImportOptions options;
    private final Map<String, Integer> lines;
    final List<ImportWarning> warnings = new ArrayList<>();
    final List<Problem> errors = new ArrayList<>();
    final Map<String, DocumentItem> items = new LinkedHashMap<>();

    ImportContext(ImportOptions options, Map<String, Integer> lines) {
        this.options = options;
        this.lines = lines;
    }

    /** {@code base} followed by the JSON pointer tokens {@code tokens}, escaped. */
    static String pointer(String base, String... tokens) {
        StringBuilder result = new StringBuilder(base);
        for (String token : tokens) {
            result.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return result.toString();
    }

    /** The line {@code pointer}'s item is written at, or that of its nearest enclosing item; 0 when unknown. */
    int line(String pointer) {
        String at = pointer;
        while (true) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            int slash = at.lastIndexOf('/');
            if (slash < 0) {
                return 0;
            }
            at = at.substring(0, slash);
        }
    }

    void warn(String pointer, String message) {
        warnings.add(new ImportWarning(pointer, line(pointer), message));
    }

    void error(String pointer, String message) {
        int line = line(pointer);
        errors.add(new Problem(pointer.isEmpty() ? "/" : pointer, line > 0 ? message + " (line " + line + ")" : message));
    }

    /** Records that the definition's property {@code property} came from the document's item at {@code pointer}. */
    void from(String property, String pointer) {
        items.put(property, new DocumentItem(pointer, line(pointer)));
    }

    /**
     * A text value: a string, or a number or boolean written as one; AWS's variables ({@code ${AWS::Region}})
     * replaced, stage variables kept for request time, other placeholders warned of. Null (with a warning) for an
     * object where text belongs (a CloudFormation function such as {@code Fn::Sub}) and for anything else.
     */
    @Nullable String text(@Nullable Object value, String pointer) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            String function = map.keySet().stream().map(String::valueOf)
                    .filter(k -> k.startsWith("Fn::") || k.equals("Ref")).findFirst().orElse(null);
            warn(pointer, function != null
                    ? "CloudFormation's " + function + " is not OpenAPI: resolve it before importing (as SAM does); "
                    + "ignored"
                    : "expected text, found an object; ignored");
            return null;
        }
        if (value instanceof Collection<?>) {
            warn(pointer, "expected text, found a list; ignored");
            return null;
        }
        return substitute(String.valueOf(value), pointer);
    }

    /** {@code text} with AWS's variables replaced; {@code ${stageVariables.x}} kept; other placeholders warned of. */
    String substitute(String text, String pointer) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = switch (name) {
                case "AWS::Region" -> options.region();
                case "AWS::AccountId" -> options.accountId();
                case "AWS::Partition" -> options.partition();
                default -> {
                    if (!name.startsWith("stageVariables.")) {
                        warn(pointer, "'${" + name + "}' is not an API Gateway variable (a template tool's placeholder?):"
                                + " left as written");
                    }
                    yield matcher.group();
                }
            };
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** An enum-like value in upper case ({@code when_no_match} is {@code WHEN_NO_MATCH}). */
    @Nullable String upper(@Nullable Object value, String pointer) {
        String text = text(value, pointer);
        return text == null || text.isBlank() ? null : text.trim().toUpperCase(Locale.ROOT);
    }

    /** An integer written as a number or as text; null (with a warning) when it is neither. */
    @Nullable Integer integer(@Nullable Object value, String pointer) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        String text = text(value, pointer);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            warn(pointer, "'" + text + "' is not an integer; ignored");
            return null;
        }
    }

    /** A boolean written as one or as text ({@code "true"}); null when absent. */
    @Nullable Boolean bool(@Nullable Object value, String pointer) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = text(value, pointer);
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false")) {
            return Boolean.valueOf(text.trim());
        }
        warn(pointer, "'" + text + "' is not true or false; ignored");
        return null;
    }

    /** An object's entries, or an empty map (with a warning when something else is written). */
    @SuppressWarnings("unchecked")
    Map<String, Object> object(@Nullable Object value, String pointer) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        warn(pointer, "expected an object; ignored");
        return Map.of();
    }

    /** A list's items, or an empty list (with a warning when something else is written). */
    List<?> list(@Nullable Object value, String pointer) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        warn(pointer, "expected a list; ignored");
        return List.of();
    }

    /**
     * Puts under {@code key} of {@code target} the map of text {@code source}'s {@code name} holds (templates,
     * parameters), when it holds any.
     */
    void putTexts(Map<String, Object> target, String key, Map<String, Object> source, String name, String pointer) {
        Map<String, String> values = texts(source.get(name), pointer + "/" + name);
        if (!values.isEmpty()) {
            target.put(key, values);
        }
    }

    /** A map of text to text (templates, parameters), each value read as {@link #text}. */
    Map<String, String> texts(@Nullable Object value, String pointer) {
        Map<String, String> result = new LinkedHashMap<>();
        object(value, pointer).forEach((k, v) -> {
            String text = text(v, pointer(pointer, k));
            if (text != null) {
                result.put(k, text);
            }
        });
        return result;
    }
}
