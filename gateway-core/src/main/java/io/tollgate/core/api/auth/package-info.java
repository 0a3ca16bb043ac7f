/**
 * The authorizers' model, builder and checks ({@link AuthorizerValidator}), next to each other; it uses the common
 * {@code api} model and no other feature's.
 */
@NullMarked
package io.tollgate.core.api.auth;

import org.jspecify.annotations.NullMarked;
