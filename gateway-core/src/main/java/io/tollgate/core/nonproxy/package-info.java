/**
 * The non-proxy integration around a backend ({@link NonProxyHandler} and its {@link NonProxyHandler.Backend} contract:
 * request template, integration responses, response template), used by HTTP, mock and function integrations.
 */
@NullMarked
package io.tollgate.core.nonproxy;

import org.jspecify.annotations.NullMarked;
