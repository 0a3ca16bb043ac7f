package io.tollgate.core.api.integration;

/**
 * What a non-proxy integration does with a request body whose {@code Content-Type} has no request template, as in
 * Amazon API Gateway: pass it through, or answer 415.
 */
public enum PassthroughBehavior {
    /** Pass the body through when no template matches its content type (AWS's default). */
    WHEN_NO_MATCH,
    /** Pass through only when the integration has no templates at all; otherwise 415. */
    WHEN_NO_TEMPLATES,
    /** Never pass through: 415 when no template matches. */
    NEVER
}
