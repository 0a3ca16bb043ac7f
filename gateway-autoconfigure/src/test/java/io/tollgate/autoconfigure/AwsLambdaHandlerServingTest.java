package io.tollgate.autoconfigure;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Unmodified AWS Lambda handlers (RequestHandler for payloads 1.0 and 2.0, RequestStreamHandler) behind the gateway. */
@SpringBootTest(classes = AwsLambdaHandlerServingTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tollgate.apis.lambda.type=REST",
                "tollgate.apis.lambda.stages.prod.variables.greeting=hello",
                "tollgate.apis.lambda.routes[0].route-key=GET /pets/{id}",
                "tollgate.apis.lambda.routes[0].integration.type=FUNCTION",
                "tollgate.apis.lambda.routes[0].integration.function=restHandler",
                "tollgate.apis.lambda.routes[1].route-key=POST /echo",
                "tollgate.apis.lambda.routes[1].integration.type=FUNCTION",
                "tollgate.apis.lambda.routes[1].integration.function=streamHandler",
                "tollgate.apis.lambda.routes[2].route-key=GET /typed/{id}",
                "tollgate.apis.lambda.routes[2].integration.type=FUNCTION",
                "tollgate.apis.lambda.routes[2].integration.function=typedFunction",
                "tollgate.apis.http.base-path=/http",
                "tollgate.apis.http.routes[0].route-key=GET /pets/{id}",
                "tollgate.apis.http.routes[0].integration.type=FUNCTION",
                "tollgate.apis.http.routes[0].integration.function=httpApiHandler",
        })
class AwsLambdaHandlerServingTest {

    /** The kind of handler AWS's documentation shows for a REST API proxy integration. */
    static final class RestHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
            context.getLogger().log("pet " + event.getPathParameters().get("id"));
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json", "x-function", context.getFunctionName()))
                    .withBody("{\"id\":\"" + event.getPathParameters().get("id") + "\",\"greeting\":\""
                            + event.getStageVariables().get("greeting") + "\",\"stage\":\""
                            + event.getRequestContext().getStage() + "\",\"remaining\":" + (context.getRemainingTimeInMillis() > 0) + "}");
        }
    }

    /** An HTTP API (payload 2.0) handler. */
    static final class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(201)
                    .withHeaders(Map.of("x-route", event.getRouteKey()))
                    .withBody("pet " + event.getPathParameters().get("id") + " via " + event.getRequestContext().getHttp().getMethod())
                    .build();
        }
    }

    /** A stream handler: JSON in, JSON out. */
    static final class StreamHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            String body = event.contains("\"body\":\"ping\"") ? "pong" : "?";
            output.write(("{\"statusCode\":200,\"body\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    static final class TypedFunction implements java.util.function.Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent apply(APIGatewayProxyRequestEvent event) {
            return new APIGatewayProxyResponseEvent().withStatusCode(202).withBody("typed " + event.getPathParameters().get("id"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RestHandler restHandler() {
            return new RestHandler();
        }

        @Bean
        HttpHandler httpApiHandler() {
            return new HttpHandler();
        }

        @Bean
        StreamHandler streamHandler() {
            return new StreamHandler();
        }

        /** A plain java.util.function.Function over AWS's event and response types. */
        @Bean
        java.util.function.Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> typedFunction() {
            return new TypedFunction();
        }
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void restRequestHandlerGetsThePayload10Event() {
        client().get().uri("/prod/pets/7").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-function", "restHandler")
                .expectBody().json("{\"id\":\"7\",\"greeting\":\"hello\",\"stage\":\"prod\",\"remaining\":true}");
    }

    @Test
    void httpApiRequestHandlerGetsThePayload20Event() {
        client().get().uri("/http/pets/3").exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("x-route", "GET /pets/{id}")
                .expectBody(String.class).isEqualTo("pet 3 via GET");
    }

    @Test
    void streamHandlerReadsAndWritesJson() {
        client().post().uri("/prod/echo").bodyValue("ping").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("pong");
    }

    @Test
    void functionBeansOverAwsTypesGetConvertedEvents() {
        client().get().uri("/prod/typed/5").exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).isEqualTo("typed 5");
    }
}
