package io.tollgate.core.api.integration;

import java.util.Map;
import java.util.Objects;

/**
 * {@code MOCK}: the gateway answers itself. Without integration responses it answers {@code statusCode},
 * {@code headers} and {@code body}; with them, the request template renders {@code {"statusCode": N}}, which selects
 * the integration response whose template renders the body, as in AWS.
 */
public record MockIntegration(int statusCode, Map<String, String> headers, String body, NonProxyMapping mapping)
        implements Integration {

    public MockIntegration {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public IntegrationType type() {
        return IntegrationType.MOCK;
    }
}
