package io.tollgate.core.pipeline;

import org.jspecify.annotations.Nullable;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed query string: names and values decoded ({@code +} is a space), order and duplicates kept. */
public final class QueryString {

    private static final QueryString EMPTY = new QueryString(List.of(), Map.of());

    /** One {@code name=value} pair, raw (as received) and decoded. */
    public record Pair(String rawName, String rawValue, String name, String value) {
    }

    private final List<Pair> pairs;
    private final Map<String, List<String>> values;

    private QueryString(List<Pair> pairs, Map<String, List<String>> values) {
        this.pairs = pairs;
        this.values = values;
    }

    /** Parses a raw query string (without {@code ?}); {@code null} or empty gives an empty query. */
    public static QueryString parse(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        List<Pair> pairs = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                String part = raw.substring(start, end);
                int eq = part.indexOf('=');
                String rawName = eq < 0 ? part : part.substring(0, eq);
                String rawValue = eq < 0 ? "" : part.substring(eq + 1);
                String name = decode(rawName);
                String value = decode(rawValue);
                pairs.add(new Pair(rawName, rawValue, name, value));
                values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new QueryString(List.copyOf(pairs), values);
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The values of {@code name} joined with commas, as HTTP API mappings read them; {@code null} when absent. */
    public @Nullable String joined(String name) {
        List<String> all = values.get(name);
        return all == null ? null : String.join(",", all);
    }

    /** The decoded names and their values. */
    public Map<String, List<String>> asMap() {
        return values;
    }
}
