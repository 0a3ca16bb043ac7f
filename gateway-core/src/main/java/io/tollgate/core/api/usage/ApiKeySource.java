package io.tollgate.core.api.usage;

/** Where a route that requires an API key finds it, as AWS's {@code apiKeySource}. */
public enum ApiKeySource {
    /** The {@code x-api-key} request header. */
    HEADER,
    /** The {@code usageIdentifierKey} a custom authorizer answered. */
    AUTHORIZER
}
