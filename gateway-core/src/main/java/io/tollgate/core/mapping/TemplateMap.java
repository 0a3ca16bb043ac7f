package io.tollgate.core.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map as templates see it: insertion-ordered, rendering like {@code Map.toString()} ({@code {a=b}}), and giving
 * the absent value for a missing key or a {@code null} value, so {@code $map.missing} renders as nothing, as in
 * Amazon API Gateway.
 */
public final class TemplateMap extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    public TemplateMap() {
    }

    public TemplateMap(Map<String, ?> values) {
        super(values);
    }

    @Override
    public Object get(Object key) {
        Object value = super.get(key);
        return value == null ? Absent.INSTANCE : value;
    }
}
