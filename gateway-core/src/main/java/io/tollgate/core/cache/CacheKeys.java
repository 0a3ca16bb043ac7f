package io.tollgate.core.cache;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.IdentitySource;
import io.tollgate.core.api.cache.CacheKeyParameter;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * Builds one route's cache keys: API, stage, method and resource path (the route's, as AWS: {@code /pets/{id}}, so
 * path values vary the key only when declared), then the declared key parameters, then (for routes with an
 * authorizer or an API key, unless their responses are public) who the caller is: the principal, the authorizer's
 * identity sources, the API key. What goes in is decided once, at startup; each value is length-prefixed so that no
 * two different requests build the same key.
 */
final class CacheKeys {

    private final String prefix;
    private final CacheKeyParameter[] parameters;
    private final boolean perCaller;
    private final IdentitySource[] identitySources;
    /** Where the caller's API key is read, when keys name it; null when they do not. */
    private final @Nullable ApiKeySource apiKeySource;

    CacheKeys(Api api, Stage stage, Route route) {
        String resource = route.key().isDefault() ? "$default" : route.key().path();
        this.prefix = part(new StringBuilder(), api.name()).append(part(new StringBuilder(), stage.name()))
                .append(part(new StringBuilder(), resource)).toString();
        this.parameters = route.cache().keyParameters().toArray(new CacheKeyParameter[0]);
        AuthorizationType type = route.authorization().type();
        this.perCaller = !route.cache().publicResponses() && (type != AuthorizationType.NONE || route.apiKeyRequired());
        Authorizer authorizer = route.authorization().authorizer() == null ? null
                : api.authorizers().get(route.authorization().authorizer());
        this.identitySources = perCaller && authorizer instanceof CustomAuthorizer custom
                ? custom.identitySources().toArray(new IdentitySource[0]) : new IdentitySource[0];
        this.apiKeySource = perCaller && route.apiKeyRequired() ? api.apiKeySource() : null;
    }

    /** Whether keys name the caller. */
    boolean perCaller() {
        return perCaller;
    }

    /** The key of a request, or null when the route keys by caller and the caller is unknown (not cached then). */
    @Nullable String key(GatewayExchange exchange) {
        StringBuilder key = new StringBuilder(prefix.length() + 64).append(prefix);
        part(key, exchange.request().method());
        for (CacheKeyParameter parameter : parameters) {
            String value = switch (parameter.location()) {
                case QUERYSTRING -> exchange.query().joined(parameter.name());
                case HEADER -> exchange.header(parameter.name());
                case PATH -> exchange.pathParameter(parameter.name());
            };
            part(key, value);
        }
        if (perCaller) {
            Authorization authorization = exchange.authorization();
            String principal = authorization == null ? null
                    : authorization.userArn() != null ? authorization.userArn() : authorization.principalId();
            // an authorizer's identity sources are present (401 otherwise), so they identify the caller too
            boolean known = principal != null || identitySources.length > 0;
            part(key.append('P'), principal);
            for (IdentitySource source : identitySources) {
                part(key, identity(exchange, source));
            }
            if (apiKeySource != null) {
                String apiKey = apiKeySource == ApiKeySource.HEADER ? exchange.header("x-api-key")
                        : authorization == null ? null : authorization.usageIdentifierKey();
                known |= apiKey != null;
                part(key.append('K'), apiKey);
            }
            if (!known) {
                return null;
            }
        }
        return key.toString();
    }

    private static @Nullable String identity(GatewayExchange exchange, IdentitySource source) {
        return switch (source.kind()) {
            case HEADER -> exchange.header(source.name());
            case QUERY_STRING -> exchange.query().joined(source.name());
            case STAGE_VARIABLE -> exchange.stageVariable(source.name());
            // a CONTEXT source has its variable
            case CONTEXT -> exchange.context(Objects.requireNonNull(source.contextVariable()));
        };
    }

    /** Appends a value as {@code length:value;}, or {@code -;} for none. */
    private static StringBuilder part(StringBuilder key, @Nullable String value) {
        if (value == null) {
            return key.append("-;");
        }
        return key.append(value.length()).append(':').append(value).append(';');
    }
}
