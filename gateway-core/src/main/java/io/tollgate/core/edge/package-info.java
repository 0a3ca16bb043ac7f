/**
 * The server's edge: strict framing, request header, body idle and keep-alive timeouts, connection limits.
 */
@NullMarked
package io.tollgate.core.edge;

import org.jspecify.annotations.NullMarked;
