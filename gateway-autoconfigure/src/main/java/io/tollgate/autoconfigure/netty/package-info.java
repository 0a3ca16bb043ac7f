/**
 * Serving the gateway on Reactor Netty: directly ahead of WebFlux, or on a server of its own when the application has
 * no WebFlux server.
 */
@NullMarked
package io.tollgate.autoconfigure.netty;

import org.jspecify.annotations.NullMarked;
