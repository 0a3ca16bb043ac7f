package io.tollgate.core.api.integration;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code HTTP} (non-proxy): the request is reshaped by request templates and REST-style parameter mappings before it
 * goes to {@code uri}; the backend's answer goes through the integration responses (selection by status, header
 * mappings, response templates). Bodies are read whole, bounded by the route's limit.
 */
public record HttpIntegration(UriTemplate uri, String method, Duration timeout, NonProxyMapping mapping)
        implements Integration {

    public HttpIntegration {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public IntegrationType type() {
        return IntegrationType.HTTP;
    }
}
