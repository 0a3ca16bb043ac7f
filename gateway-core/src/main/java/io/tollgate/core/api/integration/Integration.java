package io.tollgate.core.api.integration;

/** What a route hands its request to. */
public sealed interface Integration permits HttpProxyIntegration, HttpIntegration, MockIntegration, FunctionIntegration {

    /** The integration type as Amazon API Gateway names it. */
    IntegrationType type();
}
