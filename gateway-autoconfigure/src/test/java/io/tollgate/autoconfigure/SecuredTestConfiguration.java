package io.tollgate.autoconfigure;

import io.tollgate.testsupport.TestIssuer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The application's own Spring Security: every exchange needs HTTP Basic credentials (admin/secret). */
@Configuration(proxyBeanMethods = false)
class SecuredTestConfiguration {

    static final TestIssuer ISSUER = new TestIssuer();

    /** The test application's APIs, plus a JWT-protected route. */
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.apis.shop.authorizers.jwt.type", () -> "JWT");
        registry.add("tollgate.apis.shop.authorizers.jwt.issuer", ISSUER::issuer);
        registry.add("tollgate.apis.shop.authorizers.jwt.jwk-set-uri", ISSUER::jwkSetUri);
        registry.add("tollgate.apis.shop.authorizers.jwt.audiences[0]", () -> "shop");
        registry.add("tollgate.apis.shop.routes[2].route-key", () -> "GET /secure/{id}");
        registry.add("tollgate.apis.shop.routes[2].authorizer", () -> "jwt");
        registry.add("tollgate.apis.shop.routes[2].integration.type", () -> "HTTP_PROXY");
        registry.add("tollgate.apis.shop.routes[2].integration.uri", () -> "${stageVariables.backend}/echo/secure/{id}");
    }

    @Bean
    SecurityWebFilterChain applicationChain(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .httpBasic(basic -> { })
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(User.withUsername("admin").password("{noop}secret").roles("ADMIN").build());
    }
}
