/**
 * The exchange, the stage and integration contracts ({@link PipelineStep}, {@link StepFactory},
 * {@link IntegrationFactory}), the route compiler, {@link Reply} and rate-limited logging.
 */
@NullMarked
package io.tollgate.core.pipeline;

import org.jspecify.annotations.NullMarked;
