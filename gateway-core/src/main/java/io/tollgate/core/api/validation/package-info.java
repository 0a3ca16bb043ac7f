/**
 * The request models and validation's model, builder and checks ({@link RequestValidationValidator}), next to each
 * other; it uses the common {@code api} model and no other feature's.
 */
@NullMarked
package io.tollgate.core.api.validation;

import org.jspecify.annotations.NullMarked;
