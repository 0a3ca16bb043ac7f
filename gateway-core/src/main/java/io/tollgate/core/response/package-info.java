/**
 * Gateway response types and their rendering.
 */
@NullMarked
package io.tollgate.core.response;

import org.jspecify.annotations.NullMarked;
