/**
 * The resource policy feature's model, builder and checks, next to each other; it uses the common {@code api} model and
 * no other feature's.
 */
@NullMarked
package io.tollgate.core.api.policy;

import org.jspecify.annotations.NullMarked;
