/**
 * Velocity mapping templates ({@code $input}, {@code $util}, {@code $context}) and their test kit.
 */
@NullMarked
package io.tollgate.core.mapping;

import org.jspecify.annotations.NullMarked;
