/**
 * Function beans as integrations.
 */
@NullMarked
package io.tollgate.core.function;

import org.jspecify.annotations.NullMarked;
