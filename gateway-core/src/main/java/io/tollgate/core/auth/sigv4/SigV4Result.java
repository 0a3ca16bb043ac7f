package io.tollgate.core.auth.sigv4;

import java.time.Instant;

/**
 * A verified request: whose credentials signed it, when (the request's {@code X-Amz-Date} or {@code Date}), and the
 * region and service of its credential scope.
 */
public record SigV4Result(SigV4Credentials credentials, Instant signedAt, String region, String service) {
}
