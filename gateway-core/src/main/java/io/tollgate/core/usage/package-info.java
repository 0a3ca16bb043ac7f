/**
 * API keys, usage plans, throttles, quotas (local and Redis).
 */
@NullMarked
package io.tollgate.core.usage;

import org.jspecify.annotations.NullMarked;
