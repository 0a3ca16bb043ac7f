package io.tollgate.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An API's definition as a tree of maps, lists and values, in the shape of its {@code tollgate.apis.<name>} properties:
 * read back from the application's configuration (what its first deployment holds), and flattened into property names
 * again (to be bound and checked as the configuration is).
 */
final class DefinitionTrees {

    /** A key that can stand in a property name as it is; any other is written in brackets ({@code [application/json]}). */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9-]+");

    private DefinitionTrees() {
    }

    /**
     * The properties under {@code prefix} ({@code tollgate.apis.petstore}) as a tree; where several property sources
     * give a value to one name, the one that wins in the environment gives it. Empty when nothing is written there.
     * What OpenAPI imports put in the environment ({@link OpenApiImports#SOURCE}) is not read: a definition naming a
     * document is read as written, and expanded again when it is read into a model.
     */
    static Map<String, Object> read(Environment environment, String prefix) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        Map<String, Object> tree = new LinkedHashMap<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof PropertySource<?> underlying
                    && underlying.getName().equals(OpenApiImports.SOURCE)) {
                continue;
            }
            iterable.stream().filter(root::isAncestorOf).forEach(name -> {
                if (!seen.add(name)) {
                    return;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null && property.getValue() != null) {
                    put(tree, name, root.getNumberOfElements(), plain(property.getValue()));
                }
            });
        }
        return lists(tree);
    }

    /** A value as written, without the origin a YAML or properties file tracks on it. */
    private static Object plain(Object value) {
        Object plain = value instanceof OriginTrackedValue tracked ? tracked.getValue() : value;
        return plain instanceof CharSequence text ? text.toString() : plain;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, ConfigurationPropertyName name, int from, Object value) {
        Map<String, Object> node = tree;
        int last = name.getNumberOfElements() - 1;
        for (int i = from; i <= last; i++) {
            // a list's items are kept by index ("#3") until the whole tree is read, then made a list
            String key = name.isNumericIndex(i) ? "#" + name.getElement(i, Form.ORIGINAL) : name.getElement(i, Form.ORIGINAL);
            if (i == last) {
                node.putIfAbsent(key, value);
            } else {
                Object child = node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map)) {
                    return; // a value and an object at one name: the value (written first) wins
                }
                node = (Map<String, Object>) child;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lists(Map<String, Object> node) {
        Map<String, Object> result = new LinkedHashMap<>();
        node.forEach((key, value) -> result.put(key, value instanceof Map<?, ?> map ? listOrMap((Map<String, Object>) map)
                : value));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object listOrMap(Map<String, Object> node) {
        if (!node.isEmpty() && node.keySet().stream().allMatch(k -> k.startsWith("#"))) {
            TreeMap<Integer, Object> items = new TreeMap<>();
            node.forEach((k, v) -> items.put(Integer.parseInt(k.substring(1)),
                    v instanceof Map<?, ?> map ? listOrMap((Map<String, Object>) map) : v));
            return new ArrayList<>(items.values());
        }
        return lists(node);
    }

    /**
     * The tree as property names under {@code prefix}, with its values: maps become {@code .key} (or {@code [key]} for
     * a key with other characters than letters, digits and {@code -}, or one already written in brackets), lists
     * {@code [i]}.
     */
    static Map<String, Object> flatten(String prefix, Map<String, Object> tree) {
        Map<String, Object> properties = new LinkedHashMap<>();
        flatten(prefix, tree, properties);
        return properties;
    }

    private static void flatten(String path, @Nullable Object value, Map<String, Object> properties) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                properties.put(path, "");
            }
            map.forEach((k, v) -> flatten(path + key(String.valueOf(k)), v, properties));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                properties.put(path, "");
            }
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), properties);
            }
        } else {
            properties.put(path, value == null ? "" : value);
        }
    }

    private static String key(String key) {
        if (key.startsWith("[") && key.endsWith("]")) {
            return key;
        }
        return PLAIN_KEY.matcher(key).matches() ? "." + key : "[" + key + "]";
    }
}
