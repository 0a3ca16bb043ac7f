package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed from one deployment's definition to another's, property by property: each value added, removed or
 * changed, named by its path in the definition ({@code routes[GET /pets/{id}].integration.uri}; a route is named by
 * its route key, so moving it in the list is no change).
 */
public record DefinitionDiff(String from, String to, List<Change> changes) {

    public DefinitionDiff {
        changes = List.copyOf(changes);
    }

    /** One property: its value before ({@code null}: absent) and after ({@code null}: absent). */
    public record Change(String path, @Nullable String before, @Nullable String after) {

        /** {@code +} added, {@code -} removed, {@code ~} changed. */
        public char sign() {
            return before == null ? '+' : after == null ? '-' : '~';
        }

        /** One readable line: {@code ~ routes[GET /pets].integration.uri: http://a -> http://b}. */
        public String line() {
            return switch (sign()) {
                case '+' -> "+ " + path + ": " + after;
                case '-' -> "- " + path + ": " + before;
                default -> "~ " + path + ": " + before + " -> " + after;
            };
        }
    }

    /** The differences of two definitions, in the order of {@code after}'s properties, then those it lost. */
    public static DefinitionDiff of(String from, Map<String, Object> before, String to, Map<String, Object> after) {
        Map<String, String> old = flatten(before);
        Map<String, String> now = flatten(after);
        List<Change> changes = new ArrayList<>();
        now.forEach((path, value) -> {
            String was = old.get(path);
            if (!Objects.equals(was, value)) {
                changes.add(new Change(path, was, value));
            }
        });
        old.forEach((path, value) -> {
            if (!now.containsKey(path)) {
                changes.add(new Change(path, value, null));
            }
        });
        return new DefinitionDiff(from, to, changes);
    }

    /** Every line of {@link Change#line()}, or a line saying nothing changed. */
    public String text() {
        if (changes.isEmpty()) {
            return "no changes from " + from + " to " + to;
        }
        StringBuilder text = new StringBuilder();
        for (Change change : changes) {
            text.append(change.line()).append('\n');
        }
        return text.toString();
    }

    /** Every leaf value of a definition by its path. */
    static Map<String, String> flatten(Map<String, Object> definition) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", definition, flat);
        return flat;
    }

    private static void flatten(String path, @Nullable Object value, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                flat.put(path, "{}");
            }
            map.forEach((k, v) -> flatten(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, flat));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                flat.put(path, "[]");
            }
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + label(list.get(i), i) + "]", list.get(i), flat);
            }
        } else {
            flat.put(path, String.valueOf(value));
        }
    }

    /** A list item's name in a path: a route by its route key, anything else by its index. */
    private static String label(@Nullable Object item, int index) {
        if (item instanceof Map<?, ?> map) {
            Object key = map.containsKey("route-key") ? map.get("route-key") : map.get("routeKey");
            if (key != null) {
                return String.valueOf(key).trim();
            }
        }
        return Integer.toString(index);
    }
}
