package io.tollgate.autoconfigure;

import io.tollgate.testsupport.TestBackend;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;

/** An application that is its own gateway, with endpoints of its own beside the gateway's routes. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ServerTestApplication {

    static final TestBackend BACKEND = new TestBackend();

    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tollgate.apis.shop.base-path", () -> "/api");
        registry.add("tollgate.apis.shop.cors.allow-origins[0]", () -> "https://app.example");
        registry.add("tollgate.apis.shop.cors.max-age", () -> "5m");
        registry.add("tollgate.apis.shop.stages.[$default].variables.backend", BACKEND::url);
        registry.add("tollgate.apis.shop.routes[0].route-key", () -> "GET /items/{id}");
        registry.add("tollgate.apis.shop.routes[0].integration.type", () -> "HTTP_PROXY");
        registry.add("tollgate.apis.shop.routes[0].integration.uri", () -> "${stageVariables.backend}/echo/items/{id}");
        registry.add("tollgate.apis.shop.routes[1].route-key", () -> "$default");
        registry.add("tollgate.apis.shop.routes[1].integration.type", () -> "MOCK");
        registry.add("tollgate.apis.shop.routes[1].integration.status", () -> "418");
        registry.add("tollgate.apis.shop.routes[1].integration.body", () -> "default route");
        registry.add("tollgate.apis.legacy.type", () -> "REST");
        registry.add("tollgate.apis.legacy.base-path", () -> "/legacy");
        registry.add("tollgate.apis.legacy.stages.prod.variables.backend", BACKEND::url);
        registry.add("tollgate.apis.legacy.routes[0].route-key", () -> "GET /pets/{id}");
        registry.add("tollgate.apis.legacy.routes[0].integration.type", () -> "HTTP_PROXY");
        registry.add("tollgate.apis.legacy.routes[0].integration.uri", () -> "${stageVariables.backend}/echo/pets/{id}");
    }

    @RestController
    static class OwnEndpoints {
        @GetMapping("/api/own")
        String own() {
            return "the application's own";
        }

        @GetMapping("/elsewhere")
        String elsewhere() {
            return "elsewhere";
        }
    }

    /** Marks every response that went through WebFlux's filter chain. */
    @Bean
    WebFilter marker() {
        return (exchange, chain) -> {
            exchange.getResponse().getHeaders().add("x-webflux", "seen");
            return chain.filter(exchange);
        };
    }
}
