/**
 * Metrics, tracing, access logs, execution logs.
 */
@NullMarked
package io.tollgate.core.observability;

import org.jspecify.annotations.NullMarked;
