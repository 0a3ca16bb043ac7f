package io.tollgate.samples.quickstart;

import io.tollgate.core.function.GatewayFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * The function behind the WebSocket API {@code echo} ({@code ws://localhost:8080/echo/prod}): it gets AWS's WebSocket
 * event for each message, and its answer's body is sent back on the connection (the route is two-way).
 */
@Configuration(proxyBeanMethods = false)
class EchoFunctions {

    @Bean
    GatewayFunction echoFunction() {
        return (event, context) -> {
            Object body = ((Map<?, ?>) event).get("body");
            return Mono.just(Map.of("statusCode", 200, "body", body == null ? "" : body));
        };
    }
}
