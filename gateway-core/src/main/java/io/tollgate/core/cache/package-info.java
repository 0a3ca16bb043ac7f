/**
 * Stage caches.
 */
@NullMarked
package io.tollgate.core.cache;

import org.jspecify.annotations.NullMarked;
