package io.tollgate.autoconfigure;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.tollgate.core.websocket.WebSocketConnections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WebSocket API from {@code application.yml}-style properties, served by a Spring Boot application: unmodified AWS
 * {@code RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>} beans on {@code $connect}, a message
 * route and {@code $disconnect}, and the {@link WebSocketConnections} bean pushing to a connection.
 */
@SpringBootTest(classes = WebSocketApiServingTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tollgate.apis.chat.type=WEBSOCKET",
                "tollgate.apis.chat.route-selection-expression=$request.body.action",
                "tollgate.apis.chat.stages.prod.variables.room=lobby",
                "tollgate.apis.chat.routes[0].route-key=$connect",
                "tollgate.apis.chat.routes[0].integration.type=FUNCTION",
                "tollgate.apis.chat.routes[0].integration.function=connectHandler",
                "tollgate.apis.chat.routes[1].route-key=sendmessage",
                "tollgate.apis.chat.routes[1].integration.type=FUNCTION",
                "tollgate.apis.chat.routes[1].integration.function=messageHandler",
                "tollgate.apis.chat.routes[1].route-response-selection-expression=$default",
                "tollgate.apis.chat.routes[2].route-key=$disconnect",
                "tollgate.apis.chat.routes[2].integration.type=FUNCTION",
                "tollgate.apis.chat.routes[2].integration.function=disconnectHandler",
                "tollgate.apis.chat.websocket.idle-timeout=5m",
                "management.endpoints.web.exposure.include=tollgate",
        })
class WebSocketApiServingTest {

    /** Connections by the name their client gave in the query, as the chat sample's table keeps them. */
    static final Map<String, String> connections = new ConcurrentHashMap<>();
    /** Disconnect events' kinds and route keys by connection id. */
    static final Map<String, String> disconnects = new ConcurrentHashMap<>();

    /** AWS's {@code $connect} handler: refuses a client without a name, stores the others' connection ids. */
    static final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            Map<String, String> query = event.getQueryStringParameters();
            if (query == null || !query.containsKey("name")) {
                response.setStatusCode(400);
                return response;
            }
            connections.put(query.get("name"), event.getRequestContext().getConnectionId());
            response.setStatusCode(200);
            return response;
        }
    }

    /** A two-way message route's handler: answers with what it was given. */
    static final class MessageHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            response.setBody(event.getRequestContext().getRouteKey() + " " + event.getRequestContext().getEventType()
                    + " from " + event.getRequestContext().getConnectionId() + ": " + event.getBody());
            return response;
        }
    }

    static final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            disconnects.put(event.getRequestContext().getConnectionId(),
                    event.getRequestContext().getEventType() + " " + event.getRequestContext().getRouteKey());
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            return response;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ConnectHandler connectHandler() {
            return new ConnectHandler();
        }

        @Bean
        MessageHandler messageHandler() {
            return new MessageHandler();
        }

        @Bean
        DisconnectHandler disconnectHandler() {
            return new DisconnectHandler();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    WebSocketConnections webSocketConnections;

    @Autowired
    TollgateEndpoint endpoint;

    private HttpClient client() {
        return HttpClient.create().baseUrl("ws://127.0.0.1:" + port);
    }

    @Test
    void awsHandlersServeConnectMessagesAndDisconnectAndTheApplicationPushes() {
        List<String> got = client().websocket().uri("/prod?name=ada")
                .handle((in, out) -> {
                    Mono<Void> push = Mono.defer(() -> webSocketConnections.send(connections.get("ada"),
                            "welcome".getBytes(StandardCharsets.UTF_8)));
                    AtomicInteger received = new AtomicInteger();
                    // every frame read (a partial read would drop the connection): the second answer, then a close
                    Mono<Void> counted = Mono.fromRunnable(() -> assertThat(endpoint.overview().get("websocket"))
                            .isEqualTo(List.of(Map.of("api", "chat", "stage", "prod", "connections", 1))));
                    return push.then(counted).then(out.sendString(Mono.just("{\"action\":\"sendmessage\",\"data\":\"hi\"}")).then())
                            .thenMany(in.receive().asString().concatMap(text -> received.incrementAndGet() < 2
                                    ? Mono.just(text) : out.sendClose(1000, "bye").thenReturn(text)));
                })
                .collectList().block(Duration.ofSeconds(10));
        String id = connections.get("ada");
        assertThat(got).containsExactly("welcome",
                "sendmessage MESSAGE from " + id + ": {\"action\":\"sendmessage\",\"data\":\"hi\"}");
        io.tollgate.testsupport.Await.until("the $disconnect event", () -> disconnects.containsKey(id));
        assertThat(disconnects.get(id)).isEqualTo("DISCONNECT $disconnect");
        assertThat(webSocketConnections.count("chat", "prod")).isZero();
    }

    @Test
    void theConnectHandlersRefusalIsTheHandshakes() {
        assertThatThrownBy(() -> client().websocket().uri("/prod").handle((in, out) -> in.receive())
                .blockLast(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                        e -> assertThat(e.response().status().code()).isEqualTo(400));
    }

    @Test
    void aFramesLimitIsAwssByDefault() {
        String big = "x".repeat(33 * 1024);
        Integer code = client().websocket().uri("/prod?name=big")
                .handle((in, out) -> out.sendString(Flux.just(big)).then().then(in.receiveCloseStatus()
                        .map(status -> status.code())))
                .blockFirst(Duration.ofSeconds(10));
        assertThat(code).isEqualTo(1009);
    }
}
