package io.tollgate.samples.quickstart;

import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.auth.PolicyDocument;
import io.tollgate.core.auth.UnauthorizedException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * A TOKEN authorizer behaving like AWS's documented Lambda authorizer sample: {@code allow} → an Allow policy,
 * {@code deny} → a Deny policy (403), {@code unauthorized} → 401, anything else → an error (500).
 */
@Configuration(proxyBeanMethods = false)
class PetAuthorizers {

    @Bean
    GatewayAuthorizer petTokenAuthorizer() {
        return event -> switch (event.authorizationToken().toLowerCase(java.util.Locale.ROOT)) {
            case "allow" -> Mono.just(AuthorizerResult.policy("user", PolicyDocument.allow(event.methodArn()))
                    .withContext(Map.of("stringKey", "stringval", "numberKey", 123, "booleanKey", true)));
            case "deny" -> Mono.just(AuthorizerResult.policy("user", PolicyDocument.deny(event.methodArn())));
            case "unauthorized" -> Mono.error(new UnauthorizedException());
            default -> Mono.error(new IllegalArgumentException("Error: Invalid token"));
        };
    }
}
