package io.tollgate.core.cache;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The default answer to "may this caller invalidate?": listed principals, IAM user ARNs or JWT scopes. */
class CacheInvalidationPolicyTest {

    private static final Api API = Api.builder("a").route("GET /x", IntegrationSpec.mock(200)).build();
    private static final StageCache CACHE = new StageCache(1000, Duration.ofSeconds(60), true,
            UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER,
            Set.of("ops", "arn:aws:iam::123456789012:user/alice"), Set.of("tollgate:InvalidateCache"));

    private static boolean allowed(Authorization authorization) {
        GatewayExchange exchange = new GatewayExchange(StubRequest.get("/x"), RequestPath.parse("/x"), API,
                API.stages().get(0), null, 0, 0);
        if (authorization != null) {
            exchange.authorization(authorization);
        }
        return CacheInvalidationPolicy.CONFIGURED.mayInvalidate(exchange, CACHE);
    }

    private static Authorization jwt(String sub, String... scopes) {
        return new Authorization(AuthorizationType.JWT, sub, Map.of(), Map.of("sub", sub), List.of(scopes), null, null, 1);
    }

    @Test
    void listedPrincipalsArnsAndScopesMayInvalidate() {
        assertThat(allowed(jwt("ops"))).isTrue();
        assertThat(allowed(jwt("bob", "pets:read", "tollgate:InvalidateCache"))).isTrue();
        assertThat(allowed(new Authorization(AuthorizationType.AWS_IAM, "AKIDEXAMPLE", null, null, null, null,
                "arn:aws:iam::123456789012:user/alice", 0))).isTrue();
    }

    @Test
    void everyoneElseMayNot() {
        assertThat(allowed(null)).isFalse();
        assertThat(allowed(jwt("bob", "pets:read"))).isFalse();
        assertThat(allowed(jwt("OPS"))).isFalse();
        assertThat(allowed(new Authorization(AuthorizationType.AWS_IAM, "AKIDEXAMPLE", null, null, null, null,
                "arn:aws:iam::123456789012:user/mallory", 0))).isFalse();
    }
}
