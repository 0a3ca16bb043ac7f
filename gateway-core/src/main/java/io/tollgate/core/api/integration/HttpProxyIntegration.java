package io.tollgate.core.api.integration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code HTTP_PROXY}: forwards method, path, query string, headers and body to {@code uri} and streams the answer
 * back. {@code method} is the method sent to the backend, {@code ANY} meaning the request's own.
 */
public record HttpProxyIntegration(UriTemplate uri, String method, Duration timeout,
                                   List<ParameterMapping> requestParameters) implements Integration {

    public HttpProxyIntegration {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeout, "timeout");
        requestParameters = List.copyOf(requestParameters);
    }

    @Override
    public IntegrationType type() {
        return IntegrationType.HTTP_PROXY;
    }
}
