package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A customised gateway response of an API: its status (null keeps AWS's), headers and body templates by media type.
 * As in AWS, these templates are not VTL but simple substitution of {@code $context.*} (with
 * {@code $context.error.message} and {@code $context.error.messageString}) and {@code $stageVariables.*}; header values
 * are static {@code 'text'} or such variables.
 */
public record GatewayResponseCustomization(@Nullable Integer statusCode, Map<String, String> headers,
                                           Map<String, String> templates) {

    public GatewayResponseCustomization {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    }
}
