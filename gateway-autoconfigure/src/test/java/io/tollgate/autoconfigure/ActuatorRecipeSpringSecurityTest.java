package io.tollgate.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The recipe of docs/recipes/securing-the-actuator.md, as written there: a chain for the actuator only, where
 * {@code /actuator/tollgate} reads want an operator and its writes (key management, cache flushes) an administrator,
 * while the gateway's routes answer to their own authorizers only. (The health endpoint, which the recipe lets anyone
 * read, is not on this module's test classpath.)
 */
@SpringBootTest(classes = {ServerTestApplication.class, ActuatorRecipeSpringSecurityTest.ActuatorSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health,tollgate")
class ActuatorRecipeSpringSecurityTest {

    /** The recipe's configuration. */
    @Configuration(proxyBeanMethods = false)
    static class ActuatorSecurity {

        @Bean
        SecurityWebFilterChain actuatorChain(ServerHttpSecurity http) {
            return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeExchange(exchanges -> exchanges
                            .matchers(EndpointRequest.to("health")).permitAll()
                            .pathMatchers(HttpMethod.GET, "/actuator/tollgate", "/actuator/tollgate/**")
                            .hasAnyRole("OPS", "ADMIN")
                            .anyExchange().hasRole("ADMIN"))
                    .httpBasic(Customizer.withDefaults())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }

        @Bean
        MapReactiveUserDetailsService actuatorUsers() {
            return new MapReactiveUserDetailsService(
                    User.withUsername("ops").password("{noop}ops-secret").roles("OPS").build(),
                    User.withUsername("admin").password("{noop}admin-secret").roles("ADMIN").build());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
        registry.add("tollgate.usage-plans.basic.throttle.rate-limit", () -> "100");
        registry.add("tollgate.usage-plans.basic.throttle.burst-limit", () -> "100");
        registry.add("tollgate.usage-plans.basic.api-stages[0].api", () -> "shop");
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30))
                .baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void readsWantAnOperatorAndWritesAnAdministrator() {
        client().get().uri("/actuator/tollgate/keys").exchange().expectStatus().isUnauthorized()
                .expectBody().isEmpty();
        client().get().uri("/actuator/tollgate/keys").headers(h -> h.setBasicAuth("ops", "ops-secret")).exchange()
                .expectStatus().isOk().expectBody().json("[]");
        client().get().uri("/actuator/tollgate").headers(h -> h.setBasicAuth("ops", "ops-secret")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.apis[0].name").isEqualTo("shop");
        client().post().uri("/actuator/tollgate/keys").headers(h -> h.setBasicAuth("ops", "ops-secret"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"partner\", \"usagePlans\": \"basic\"}")
                .exchange().expectStatus().isForbidden().expectBody().consumeWith(body -> { });
        client().get().uri("/actuator/tollgate/keys").headers(h -> h.setBasicAuth("ops", "ops-secret")).exchange()
                .expectStatus().isOk().expectBody().json("[]");
        client().post().uri("/actuator/tollgate/keys").headers(h -> h.setBasicAuth("admin", "admin-secret"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"partner\", \"usagePlans\": \"basic\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("partner");
    }

    @Test
    void theGatewaysRoutesAndTheApplicationsOtherEndpointsAreNotThisChainsBusiness() {
        client().get().uri("/api/items/9").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/items/9").expectBody().isEmpty();
        client().post().uri("/api/anything/else").exchange().expectStatus().isEqualTo(418)
                .expectBody(String.class).isEqualTo("default route");
        client().get().uri("/api/own").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("the application's own");
    }
}
