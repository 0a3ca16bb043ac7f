/**
 * The common model ({@link Api}, {@link Stage}, {@link Route}, {@link RouteKey}, parameters and value templates,
 * gateway response customisations, {@link Problems}) and {@link ApiValidator}, which checks an API's whole definition
 * by calling each feature's checks.
 */
@NullMarked
package io.tollgate.core.api;

import org.jspecify.annotations.NullMarked;
