/**
 * Resource policies (client address allow/deny).
 */
@NullMarked
package io.tollgate.core.policy;

import org.jspecify.annotations.NullMarked;
