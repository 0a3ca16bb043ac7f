package io.tollgate.core.usage.redis;

import io.tollgate.core.usage.ApiKey;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link ApiKey} as the fields of a Redis hash: {@code id}, {@code name} (absent when null), {@code value},
 * {@code enabled} ({@code true}/{@code false}), {@code usagePlans} (the names, sorted and comma-joined, with
 * {@code \} and {@code ,} inside a name escaped by a {@code \}) and {@code createdAt} (ISO-8601; absent when null).
 */
final class ApiKeyFields {

    private ApiKeyFields() {
    }

    /** The hash's fields of {@code key}, in order. */
    static Map<String, String> encode(ApiKey key) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", key.id());
        if (key.name() != null) {
            fields.put("name", key.name());
        }
        fields.put("value", key.value());
        fields.put("enabled", Boolean.toString(key.enabled()));
        fields.put("usagePlans", joinPlans(key.usagePlans()));
        if (key.createdAt() != null) {
            fields.put("createdAt", key.createdAt().toString());
        }
        return fields;
    }

    /** The key in {@code fields}, or null when there is none (no {@code id}: a missing hash). */
    static @Nullable ApiKey decode(Map<String, String> fields) {
        if (fields.get("id") == null) {
            return null;
        }
        String createdAt = fields.get("createdAt");
        @SuppressWarnings("NullAway") // a hash without a value is refused by ApiKey itself (NullPointerException)
        ApiKey key = new ApiKey(fields.get("id"), fields.get("name"), fields.get("value"),
                Boolean.parseBoolean(fields.get("enabled")), splitPlans(fields.getOrDefault("usagePlans", "")),
                createdAt == null ? null : Instant.parse(createdAt));
        return key;
    }

    /** {@code HGETALL}'s answer (field names as strings, values as bytes) as text. */
    static Map<String, String> text(Map<String, byte[]> hash) {
        Map<String, String> fields = new LinkedHashMap<>();
        hash.forEach((field, value) -> fields.put(field, utf8(value)));
        return fields;
    }

    /** A Lua script's flat {@code HGETALL} answer ({field, value, field, value...}) as text. */
    static Map<String, String> text(List<Object> flat) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(utf8((byte[]) flat.get(i)), utf8((byte[]) flat.get(i + 1)));
        }
        return fields;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String joinPlans(Set<String> plans) {
        StringBuilder joined = new StringBuilder();
        for (String plan : new TreeSet<>(plans)) {
            if (!joined.isEmpty()) {
                joined.append(',');
            }
            joined.append(plan.replace("\\", "\\\\").replace(",", "\\,"));
        }
        return joined.toString();
    }

    static Set<String> splitPlans(String joined) {
        List<String> plans = new ArrayList<>();
        if (joined.isEmpty()) {
            return Set.of();
        }
        StringBuilder plan = new StringBuilder();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '\\' && i + 1 < joined.length()) {
                plan.append(joined.charAt(++i));
            } else if (c == ',') {
                plans.add(plan.toString());
                plan.setLength(0);
            } else {
                plan.append(c);
            }
        }
        plans.add(plan.toString());
        return Set.copyOf(plans);
    }
}
