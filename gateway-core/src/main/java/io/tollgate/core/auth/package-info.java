/**
 * JWT, custom (TOKEN/REQUEST) and IAM (SigV4) authorizers.
 */
@NullMarked
package io.tollgate.core.auth;

import org.jspecify.annotations.NullMarked;
