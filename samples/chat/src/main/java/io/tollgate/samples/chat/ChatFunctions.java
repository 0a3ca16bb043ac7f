package io.tollgate.samples.chat;

import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.websocket.ConnectionException;
import io.tollgate.core.websocket.WebSocketConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The chat's three functions, as AWS's sample has them: {@code $connect} adds the connection to the chat (a Redis set
 * every instance shares), {@code $disconnect} removes it, {@code sendmessage} sends the message's {@code data} to every
 * connection of the chat, the sender's included, through {@link WebSocketConnections} (the {@code @connections} API of
 * the application's own code: a connection of another instance is reached through Redis), forgetting those that are
 * gone. With {@code chat.send-through=connections-api}, {@link ConnectionsApiSender}'s {@code sendmessage} replaces it.
 */
@Configuration(proxyBeanMethods = false)
class ChatFunctions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Object> OK = Map.of("statusCode", 200);

    @Bean
    GatewayFunction onConnect(ReactiveStringRedisTemplate redis, @Value("${chat.connections-key}") String key) {
        return (event, context) -> redis.opsForSet().add(key, connectionId(event)).thenReturn(OK);
    }

    @Bean
    GatewayFunction onDisconnect(ReactiveStringRedisTemplate redis, @Value("${chat.connections-key}") String key) {
        return (event, context) -> redis.opsForSet().remove(key, connectionId(event)).thenReturn(OK);
    }

    @Bean
    @ConditionalOnProperty(prefix = "chat", name = "send-through", havingValue = "bean", matchIfMissing = true)
    GatewayFunction sendMessage(ReactiveStringRedisTemplate redis, WebSocketConnections connections,
                                @Value("${chat.connections-key}") String key) {
        return (event, context) -> {
            byte[] data = data(event);
            if (data == null) {
                return Mono.just(Map.of("statusCode", 400, "body", "a message is {\"action\":\"sendmessage\",\"data\":\"...\"}"));
            }
            return redis.opsForSet().members(key)
                    .flatMap(id -> connections.send(id, data)
                            .onErrorResume(ConnectionException.class, e -> e.reason() == ConnectionException.Reason.GONE
                                    ? redis.opsForSet().remove(key, id).then() // a connection that ended unseen
                                    : Mono.empty()))                          // too slow a reader: it misses this one
                    .then(Mono.just(OK));
        };
    }

    private static String connectionId(Object event) {
        Map<?, ?> requestContext = (Map<?, ?>) ((Map<?, ?>) event).get("requestContext");
        return String.valueOf(requestContext.get("connectionId"));
    }

    /** The message's {@code data}, as text; null when the body is not JSON with a {@code data}. */
    static byte[] data(Object event) {
        Object body = ((Map<?, ?>) event).get("body");
        if (!(body instanceof String text)) {
            return null;
        }
        try {
            JsonNode data = JSON.readTree(text).get("data");
            if (data == null || data.isNull()) {
                return null;
            }
            return (data.isString() ? data.asString() : data.toString()).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
