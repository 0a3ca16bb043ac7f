/**
 * JWT authorizers: the JWT part of {@code auth}'s JWT, custom (TOKEN/REQUEST) and IAM (SigV4) authorizers.
 */
@NullMarked
package io.tollgate.core.auth.jwt;

import org.jspecify.annotations.NullMarked;
