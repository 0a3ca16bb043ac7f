/**
 * Request paths and the route table.
 */
@NullMarked
package io.tollgate.core.routing;

import org.jspecify.annotations.NullMarked;
