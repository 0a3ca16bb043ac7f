package io.tollgate.core.auth;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A custom authorizer's answer, in either of AWS's forms: an IAM policy with a principal ({@link #policy}), or the
 * simple form of HTTP APIs ({@link #authorized}). Both may carry a {@code context} (string, number and boolean
 * values, passed to integrations as {@code $context.authorizer.<key>}) and a {@code usageIdentifierKey} (the API key
 * for usage plans). To refuse with 401, fail with {@link UnauthorizedException} (or return {@link #unauthorized()}).
 */
public final class AuthorizerResult {

    private static final AuthorizerResult UNAUTHORIZED = new AuthorizerResult(null, null, false, Map.of(), null);

    private final @Nullable String principalId;
    private final @Nullable PolicyDocument policy;
    private final boolean authorized;
    private final Map<String, Object> context;
    private final @Nullable String usageIdentifierKey;

    private AuthorizerResult(@Nullable String principalId, @Nullable PolicyDocument policy, boolean authorized,
                             Map<String, Object> context, @Nullable String usageIdentifierKey) {
        this.principalId = principalId;
        this.policy = policy;
        this.authorized = authorized;
        this.context = context;
        this.usageIdentifierKey = usageIdentifierKey;
    }

    /** The policy form: {@code principalId} may invoke what {@code policy} allows. */
    public static AuthorizerResult policy(String principalId, PolicyDocument policy) {
        return new AuthorizerResult(Objects.requireNonNull(principalId, "principalId"),
                Objects.requireNonNull(policy, "policy"), false, Map.of(), null);
    }

    /** The simple form: {@code isAuthorized}; allowed on every route of the authorizer (403 when false). */
    public static AuthorizerResult authorized(boolean isAuthorized) {
        return new AuthorizerResult(null, null, isAuthorized, Map.of(), null);
    }

    /** Refuses with 401 Unauthorized, as AWS's {@code "Unauthorized"} error. Never cached. */
    public static AuthorizerResult unauthorized() {
        return UNAUTHORIZED;
    }

    /** This result with {@code context} (string, number or boolean values). */
    public AuthorizerResult withContext(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("context value '" + key + "' must be a string, number or boolean");
            }
            copy.put(key, value);
        });
        return new AuthorizerResult(principalId, policy, authorized, Map.copyOf(copy), usageIdentifierKey);
    }

    /** This result naming the caller's API key for usage plans (API key source {@code AUTHORIZER}). */
    public AuthorizerResult withUsageIdentifierKey(String key) {
        return new AuthorizerResult(principalId, policy, authorized, context, key);
    }

    /** The principal, or null in the simple form. */
    public @Nullable String principalId() {
        return principalId;
    }

    /** The policy, or null in the simple form. */
    public @Nullable PolicyDocument policy() {
        return policy;
    }

    /** The simple form's {@code isAuthorized}. */
    public boolean isAuthorized() {
        return authorized;
    }

    public Map<String, Object> context() {
        return context;
    }

    /** The caller's API key for usage plans, or null when the authorizer named none. */
    public @Nullable String usageIdentifierKey() {
        return usageIdentifierKey;
    }

    boolean isUnauthorized() {
        return this == UNAUTHORIZED;
    }

    /**
     * Reads AWS's JSON output in either form: the simple one when it has {@code isAuthorized} and no
     * {@code policyDocument}, else the policy form.
     *
     * @throws IllegalArgumentException when the output is not of that form (AWS answers 500)
     */
    public static AuthorizerResult fromMap(@Nullable Map<?, ?> output) {
        return fromMap(output, output != null && output.containsKey("isAuthorized") && !output.containsKey("policyDocument"));
    }

    /**
     * Reads AWS's JSON output: {@code {principalId, policyDocument, context, usageIdentifierKey}} or, when
     * {@code simple}, {@code {isAuthorized, context}}.
     *
     * @throws IllegalArgumentException when the output is not of that form (AWS answers 500)
     */
    public static AuthorizerResult fromMap(@Nullable Map<?, ?> output, boolean simple) {
        if (output == null) {
            throw new IllegalArgumentException("the authorizer returned nothing");
        }
        AuthorizerResult result;
        if (simple) {
            if (!(output.get("isAuthorized") instanceof Boolean authorized)) {
                throw new IllegalArgumentException("a simple response needs a boolean isAuthorized");
            }
            result = authorized(authorized);
        } else {
            if (!(output.get("principalId") instanceof String principal)) {
                throw new IllegalArgumentException("the response needs a string principalId");
            }
            result = policy(principal, PolicyDocument.parse(output.get("policyDocument")));
        }
        Object context = output.get("context");
        if (context != null) {
            if (!(context instanceof Map<?, ?> values)) {
                throw new IllegalArgumentException("context must be an object");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            values.forEach((key, value) -> copy.put(String.valueOf(key), value));
            result = result.withContext(copy);
        }
        Object key = output.get("usageIdentifierKey");
        if (key != null && !(key instanceof String)) {
            throw new IllegalArgumentException("usageIdentifierKey must be a string");
        }
        return key == null ? result : result.withUsageIdentifierKey((String) key);
    }

    @Override
    public String toString() {
        return isUnauthorized() ? "AuthorizerResult[unauthorized]" : policy == null
                ? "AuthorizerResult[isAuthorized=" + authorized + "]" : "AuthorizerResult[principalId=" + principalId + "]";
    }
}
