/**
 * CORS preflights and headers.
 */
@NullMarked
package io.tollgate.core.cors;

import org.jspecify.annotations.NullMarked;
