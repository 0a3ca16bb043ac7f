package io.tollgate.core.pipeline;

import io.tollgate.core.api.auth.AuthorizationType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who an authorizer found the caller to be, passed on to integrations, templates and logs as AWS passes it
 * ({@code $context.authorizer.*}, {@code requestContext.authorizer} in events).
 *
 * @param type               which kind of authorizer decided
 * @param principalId        the principal: a custom authorizer's {@code principalId}, a JWT's {@code sub}, an IAM
 *                           caller's access key; null when there is none (a simple response, a JWT without {@code sub})
 * @param context            a custom authorizer's {@code context} (string, number and boolean values)
 * @param claims             a JWT's claims, as strings as AWS passes them
 * @param scopes             a JWT's scopes
 * @param usageIdentifierKey the API key a custom authorizer named for usage plans, or null
 * @param userArn            an IAM caller's ARN, or null
 * @param latencyMillis      how long the authorizer took ({@code $context.authorizer.integrationLatency})
 */
public record Authorization(AuthorizationType type, @Nullable String principalId, Map<String, Object> context,
                            Map<String, String> claims, List<String> scopes, @Nullable String usageIdentifierKey,
                            @Nullable String userArn, long latencyMillis) {

    public Authorization {
        Objects.requireNonNull(type, "type");
        context = context == null ? Map.of() : context;
        claims = claims == null ? Map.of() : claims;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /**
     * The value of {@code $context.authorizer.<name>}: {@code principalId}, {@code claims.<claim>},
     * {@code integrationLatency} or a context key; null when there is none.
     */
    public @Nullable String value(String name) {
        if (name.equals("principalId")) {
            return principalId;
        }
        if (name.startsWith("claims.")) {
            return claims.get(name.substring("claims.".length()));
        }
        if (name.equals("integrationLatency")) {
            return Long.toString(latencyMillis);
        }
        Object value = context.get(name);
        return value == null ? null : String.valueOf(value);
    }
}
