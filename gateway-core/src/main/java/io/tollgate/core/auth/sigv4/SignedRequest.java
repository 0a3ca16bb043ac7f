package io.tollgate.core.auth.sigv4;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * A request as it was received, for {@link SigV4Verifier}.
 *
 * @param method the HTTP method, as on the request line
 * @param rawPath the path exactly as on the wire: still percent-encoded, not normalised, without the query
 * @param rawQuery the query exactly as on the wire, without the {@code '?'}; null when there is none
 * @param headers the request headers as received (repeated headers as repeated entries)
 */
public record SignedRequest(String method, String rawPath, @Nullable String rawQuery, HttpHeaders headers) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(headers, "headers");
    }
}
