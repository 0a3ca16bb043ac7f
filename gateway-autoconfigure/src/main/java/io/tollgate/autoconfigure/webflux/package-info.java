/**
 * Serving gateway requests that reach WebFlux: the handler mapping, the preflight and Spring Security bypass filters.
 */
@NullMarked
package io.tollgate.autoconfigure.webflux;

import org.jspecify.annotations.NullMarked;
