package io.tollgate.samples.quickstart.docs;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether an output is what the docs show. {@code …} (or {@code ...}) stands for any text. A shown JSON object or
 * array is compared as JSON with the output (same members, in any order; numbers by value; a string with {@code …}
 * as a pattern, a string that is only {@code …} for any value); anything else as text, where a run of white space
 * stands for any (or no) white space.
 */
final class ShownOutput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern WILDCARD = Pattern.compile("…|\\.\\.\\.");

    private ShownOutput() {
    }

    /** Whether {@code actual} is what {@code shown} shows. */
    static boolean matches(String shown, String actual) {
        String expected = normalise(shown);
        String output = normalise(actual);
        JsonNode expectedJson = json(expected);
        if (expectedJson != null && expectedJson.isContainer()) {
            JsonNode outputJson = json(output);
            return outputJson != null && same(expectedJson, outputJson);
        }
        return text(expected, true).matcher(output).matches();
    }

    /** The body of a {@code curl -i} output: what follows its head(s); the output itself when it has no head. */
    static String body(String output) {
        String rest = output.replace("\r\n", "\n");
        while (rest.startsWith("HTTP/")) {
            int end = rest.indexOf("\n\n");
            if (end < 0) {
                return "";
            }
            rest = rest.substring(end + 2);
        }
        return rest;
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").strip();
    }

    private static JsonNode json(String text) {
        if (!(text.startsWith("{") || text.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isString() && WILDCARD.matcher(expected.stringValue()).replaceAll("").isEmpty()
                && !expected.stringValue().isEmpty()) {
            return true;
        }
        if (expected.isObject()) {
            if (!actual.isObject() || !new HashSet<>(expected.propertyNames()).equals(new HashSet<>(actual.propertyNames()))) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : expected.properties()) {
                if (!same(member.getValue(), actual.get(member.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isNumber()) {
            return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isString()) {
            return actual.isString() && text(expected.stringValue(), false).matcher(actual.stringValue()).matches();
        }
        return expected.equals(actual);
    }

    private static Pattern text(String shown, boolean lenientSpace) {
        StringBuilder regex = new StringBuilder();
        String[] parts = WILDCARD.split(shown, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*?");
            }
            if (lenientSpace) {
                String[] words = parts[i].split("\\s+", -1);
                for (int w = 0; w < words.length; w++) {
                    if (w > 0) {
                        regex.append("\\s*");
                    }
                    if (!words[w].isEmpty()) {
                        regex.append(Pattern.quote(words[w]));
                    }
                }
            } else if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
