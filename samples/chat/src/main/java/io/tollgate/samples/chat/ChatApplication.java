package io.tollgate.samples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * AWS's serverless WebSocket chat ({@code simple-websockets-chat-app}) as a Spring Boot application that is its own
 * gateway: the WebSocket API {@code chat} (in {@code application.yml}) at {@code ws://localhost:8080/chat/prod}, its
 * functions in {@link ChatFunctions}, the open connections in Redis, and a page to chat from at
 * {@code http://localhost:8080/}. Run it twice on two ports: a message sent through one instance reaches the clients
 * of both.
 */
@SpringBootApplication
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
