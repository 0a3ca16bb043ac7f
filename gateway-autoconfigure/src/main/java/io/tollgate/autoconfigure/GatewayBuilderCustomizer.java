package io.tollgate.autoconfigure;

import io.tollgate.core.server.GatewayBuilder;

/** Adds to the gateway before it is compiled: stage factories, integration types, a response renderer. */
@FunctionalInterface
public interface GatewayBuilderCustomizer {

    void customize(GatewayBuilder builder);
}
