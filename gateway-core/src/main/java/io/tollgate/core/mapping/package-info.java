/**
 * Velocity mapping templates ({@code $input}, {@code $util}, {@code $context}) and their test kit, and the selection
 * expressions of WebSocket APIs evaluated on a message ({@link io.tollgate.core.mapping.SelectionEvaluator}: route and
 * template selection).
 */
@NullMarked
package io.tollgate.core.mapping;

import org.jspecify.annotations.NullMarked;
