package io.tollgate.core.mapping;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * The {@code $context} one request's templates share: the request template's {@code requestOverride} and
 * {@code responseOverride} are still there when the response template renders, as in Amazon API Gateway.
 */
public final class TemplateSession {

    private final Map<String, Object> context;

    private TemplateSession(Map<String, Object> context) {
        this.context = context;
    }

    /** A session whose {@code $context} holds {@code values} (nested maps allowed) and empty overrides. */
    public static TemplateSession start(@Nullable Map<String, ?> values) {
        Map<String, Object> requestOverride = new TemplateMap();
        requestOverride.put("header", new TemplateMap());
        requestOverride.put("path", new TemplateMap());
        requestOverride.put("querystring", new TemplateMap());
        Map<String, Object> responseOverride = new TemplateMap();
        responseOverride.put("header", new TemplateMap());
        Map<String, Object> base = new TemplateMap();
        base.put("requestOverride", requestOverride);
        base.put("responseOverride", responseOverride);
        base.put("authorizer", new TemplateMap());
        base.put("identity", new TemplateMap());
        Map<String, Object> merged = TemplateInput.builder().context(base).context(values == null ? Map.of() : values)
                .build().context();
        return new TemplateSession(merged);
    }

    Map<String, Object> context() {
        return context;
    }
}
