package io.tollgate.samples.quickstart;

import io.tollgate.core.function.GatewayFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * A Lambda-style function behind the gateway: {@code GET /fn/pets/{id}} invokes it with AWS's proxy event (payload
 * 2.0 on this HTTP API) and returns its proxy response, without a network hop.
 */
@Configuration(proxyBeanMethods = false)
class PetFunctions {

    private static final Map<String, String> PETS = Map.of("1", "dog", "2", "cat", "3", "fish");

    @Bean
    GatewayFunction petFunction() {
        return (event, context) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) event;
            @SuppressWarnings("unchecked")
            Map<String, String> path = (Map<String, String>) request.getOrDefault("pathParameters", Map.of());
            String id = path.get("id");
            String type = PETS.get(id);
            if (type == null) {
                return Mono.just(Map.of("statusCode", 404, "headers", Map.of("content-type", "application/json"),
                        "body", "{\"message\":\"no pet " + id + "\"}"));
            }
            return Mono.just(Map.of("id", Integer.parseInt(id), "type", type, "requestId", context.requestId()));
        };
    }
}
