/**
 * Deployments of APIs and the stages that point at them, as Amazon API Gateway has them: immutable snapshots of an
 * API's definition, stages with their own settings and canaries, rollback, and the swap of the compiled gateway each
 * change makes ({@link io.tollgate.core.server.deploy.Deployments}).
 */
@NullMarked
package io.tollgate.core.server.deploy;

import org.jspecify.annotations.NullMarked;
