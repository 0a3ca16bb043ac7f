package io.tollgate.core.mapping;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A rendered template: its text, and what it set in {@code $context.responseOverride} and
 * {@code $context.requestOverride}.
 *
 * @param body                the rendered text
 * @param statusOverride      {@code $context.responseOverride.status}, if set
 * @param headerOverrides     {@code $context.responseOverride.header.*}
 * @param requestHeaderOverrides      {@code $context.requestOverride.header.*}
 * @param requestQueryOverrides       {@code $context.requestOverride.querystring.*}
 * @param requestPathOverrides        {@code $context.requestOverride.path.*}
 */
public record TemplateResult(String body, OptionalInt statusOverride, Map<String, String> headerOverrides,
                             Map<String, String> requestHeaderOverrides, Map<String, String> requestQueryOverrides,
                             Map<String, String> requestPathOverrides) {
}
