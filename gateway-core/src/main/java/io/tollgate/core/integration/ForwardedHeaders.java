package io.tollgate.core.integration;

/** How the proxy tells backends about the original request. */
public enum ForwardedHeaders {
    /** {@code X-Forwarded-For} (appended to), {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (set). */
    X_FORWARDED,
    /** An RFC 7239 {@code Forwarded} element appended for this hop. */
    FORWARDED,
    /** Neither. */
    NONE
}
