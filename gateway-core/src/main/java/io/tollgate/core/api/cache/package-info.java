/**
 * The stage and route caches' model, builder and checks ({@link CacheValidator}), next to each other; it uses the
 * common {@code api} model and no other feature's.
 */
@NullMarked
package io.tollgate.core.api.cache;

import org.jspecify.annotations.NullMarked;
