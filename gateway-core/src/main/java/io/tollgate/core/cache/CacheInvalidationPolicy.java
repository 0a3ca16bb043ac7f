package io.tollgate.core.cache;

import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;

/**
 * Who may invalidate a cache entry with {@code Cache-Control: max-age=0}: Tollgate's counterpart of AWS's
 * {@code execute-api:InvalidateCache} permission. Asked only when the stage requires authorization for
 * cache control. The default ({@link #CONFIGURED}) allows the callers the stage lists: by principal id or IAM user
 * ARN, or by a JWT scope.
 */
@FunctionalInterface
public interface CacheInvalidationPolicy {

    /** The stage's lists: a caller whose principal id or user ARN is listed, or whose token carries a listed scope. */
    CacheInvalidationPolicy CONFIGURED = (exchange, cache) -> {
        Authorization authorization = exchange.authorization();
        if (authorization == null) {
            return false;
        }
        if (authorization.principalId() != null && cache.invalidatorPrincipals().contains(authorization.principalId())) {
            return true;
        }
        if (authorization.userArn() != null && cache.invalidatorPrincipals().contains(authorization.userArn())) {
            return true;
        }
        for (String scope : authorization.scopes()) {
            if (cache.invalidatorScopes().contains(scope)) {
                return true;
            }
        }
        return false;
    };

    /** Whether the caller of {@code exchange} (authorized by the route's authorizer, if any) may invalidate. */
    boolean mayInvalidate(GatewayExchange exchange, StageCache cache);
}
