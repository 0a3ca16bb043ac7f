package io.tollgate.core.api.integration;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code FUNCTION}: a Lambda-style proxy integration with a function of the application, chosen by name. The function
 * receives AWS's proxy event ({@code payloadFormatVersion} 1.0, REST's default, or 2.0, HTTP's default) and answers
 * with AWS's proxy response.
 *
 * @param function             the function's name (a bean name in Spring)
 * @param payloadFormatVersion {@code 1.0} or {@code 2.0}
 * @param timeout              how long the function may run (then 504, and it is cancelled)
 * @param maxConcurrency       how many invocations may run at once (then 429), like reserved concurrency; 0 is
 *                             unbounded
 * @param proxy                true for a proxy integration (AWS_PROXY); false for a non-proxy one (AWS), where the
 *                             function receives the request template's output and its result goes through the
 *                             integration responses
 * @param mapping              the non-proxy templates and integration responses
 */
public record FunctionIntegration(String function, String payloadFormatVersion, Duration timeout, int maxConcurrency,
                                  boolean proxy, NonProxyMapping mapping) implements Integration {

    public FunctionIntegration {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(payloadFormatVersion, "payloadFormatVersion");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public IntegrationType type() {
        return IntegrationType.FUNCTION;
    }
}
