/**
 * The composition root: {@link Gateway} and {@link GatewayBuilder}, which compose the features they are handed
 * ({@link DefaultFeatures}: those of a plain-Java gateway), {@link LiveGateway}, {@link Resolution}; no transport.
 */
@NullMarked
package io.tollgate.core.server;

import org.jspecify.annotations.NullMarked;
