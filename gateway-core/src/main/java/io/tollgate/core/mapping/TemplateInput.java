package io.tollgate.core.mapping;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a template renders from: the body, the request's parameters, stage variables and {@code $context} values.
 * Build one with {@link #builder()}, in tests as in the gateway.
 */
public final class TemplateInput {

    private final String body;
    private final Map<String, String> pathParameters;
    private final Map<String, String> queryParameters;
    private final Map<String, String> headers;
    private final Map<String, String> stageVariables;
    private final Map<String, Object> context;

    private TemplateInput(Builder b) {
        this.body = b.body;
        this.pathParameters = Map.copyOf(b.pathParameters);
        this.queryParameters = Map.copyOf(b.queryParameters);
        this.headers = Map.copyOf(b.headers);
        this.stageVariables = Map.copyOf(b.stageVariables);
        this.context = b.context;
    }

    public static Builder builder() {
        return new Builder();
    }

    String body() {
        return body;
    }

    Map<String, String> pathParameters() {
        return pathParameters;
    }

    Map<String, String> queryParameters() {
        return queryParameters;
    }

    Map<String, String> headers() {
        return headers;
    }

    Map<String, String> stageVariables() {
        return stageVariables;
    }

    Map<String, Object> context() {
        return context;
    }

    /** Builds a {@link TemplateInput}. */
    public static final class Builder {
        private String body = "";
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final Map<String, String> queryParameters = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> stageVariables = new LinkedHashMap<>();
        private final Map<String, Object> context = new TemplateMap();

        private Builder() {
        }

        /** The raw request (or response) body. */
        public Builder body(@Nullable String body) {
            this.body = body == null ? "" : body;
            return this;
        }

        public Builder pathParameter(String name, String value) {
            pathParameters.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder queryParameter(String name, String value) {
            queryParameters.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder stageVariable(String name, String value) {
            stageVariables.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** {@code $context} values; nested maps are allowed ({@code "identity" -> {"sourceIp" -> ...}}). */
        public Builder context(Map<String, ?> values) {
            deepMerge(context, values);
            return this;
        }

        @SuppressWarnings("unchecked")
        private static void deepMerge(Map<String, Object> target, Map<String, ?> source) {
            source.forEach((key, value) -> {
                Object existing = target.get(key);
                if (existing instanceof Map && value instanceof Map) {
                    deepMerge((Map<String, Object>) existing, (Map<String, ?>) value);
                } else if (value instanceof Map<?, ?> map) {
                    Map<String, Object> copy = new TemplateMap();
                    deepMerge(copy, (Map<String, ?>) map);
                    target.put(key, copy);
                } else {
                    target.put(key, value);
                }
            });
        }

        public TemplateInput build() {
            return new TemplateInput(this);
        }
    }
}
