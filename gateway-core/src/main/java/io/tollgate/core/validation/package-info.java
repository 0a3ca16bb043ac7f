/**
 * Request validators (parameters, JSON schema).
 */
@NullMarked
package io.tollgate.core.validation;

import org.jspecify.annotations.NullMarked;
