package io.tollgate.core.api;

/**
 * The two flavours of Amazon API Gateway APIs. The type chooses AWS's defaults where the two differ
 * (the response to an unmatched route, default messages, the request id header); every feature works on both.
 */
public enum ApiType {
    /** An HTTP API: unmatched routes answer 404 {@code {"message":"Not Found"}}. */
    HTTP,
    /** A REST API: unmatched routes answer 403 {@code {"message":"Missing Authentication Token"}}. */
    REST
}
