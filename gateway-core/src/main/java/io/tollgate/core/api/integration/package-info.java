/**
 * The integrations, their specs and responses, with their checks ({@link IntegrationValidator},
 * {@link NonProxyValidator}); it uses the common {@code api} model and no other feature's.
 */
@NullMarked
package io.tollgate.core.api.integration;

import org.jspecify.annotations.NullMarked;
