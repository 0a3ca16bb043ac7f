/**
 * IAM (SigV4) authorizers: the IAM part of {@code auth}'s JWT, custom (TOKEN/REQUEST) and IAM (SigV4) authorizers.
 */
@NullMarked
package io.tollgate.core.auth.sigv4;

import org.jspecify.annotations.NullMarked;
