package io.tollgate.core.api;

import java.util.Map;
import java.util.Objects;

/** {@code MOCK}: the gateway answers with a fixed status, headers and body, never calling a backend. */
public record MockIntegration(int statusCode, Map<String, String> headers, String body) implements Integration {

    public MockIntegration {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public IntegrationType type() {
        return IntegrationType.MOCK;
    }
}
