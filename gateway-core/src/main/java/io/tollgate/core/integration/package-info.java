/**
 * HTTP proxy, HTTP (non-proxy) and mock integrations, the backend connection pool's use.
 */
@NullMarked
package io.tollgate.core.integration;

import org.jspecify.annotations.NullMarked;
