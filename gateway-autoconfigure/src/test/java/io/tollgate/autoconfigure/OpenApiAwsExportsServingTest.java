package io.tollgate.autoconfigure;

import io.tollgate.testsupport.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Documents in the shape AWS exports them, imported unchanged and served end to end with AWS's answers: an HTTP API
 * (a payload 1.0 Lambda proxy, an HTTP proxy with parameter mappings, AWS's CORS example) and a REST API in Swagger
 * 2.0 with a TOKEN authorizer (AWS's example object), API keys and customised gateway responses (AWS's example of
 * MISSING_AUTHENTICATION_TOKEN). Only properties point them at local backends and beans.
 */
@SpringBootTest(classes = OpenApiAwsExportsServingTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "tollgate.apis.orders.openapi=classpath:openapi/aws/http-api.json",
                "tollgate.apis.orders.base-path=/http",
                "tollgate.apis.secure.openapi=classpath:openapi/aws/token-authorizer.json",
                "tollgate.apis.secure.base-path=/rest",
                "tollgate.apis.secure.stages.test.variables.a=stage-a",
                "tollgate.usage-plans.items.api-stages[0].api=secure",
                "tollgate.usage-plans.items.api-stages[0].stage=test",
                "tollgate.api-keys.partner.value=partner-key-0123456789",
                "tollgate.api-keys.partner.usage-plans[0]=items",
        })
class OpenApiAwsExportsServingTest {

    static final TestBackend BACKEND = new TestBackend();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tollgate.apis.orders.openapi-import.backends[http://catalog.example.com]", BACKEND::url);
    }

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /** A Lambda proxy function of payload 1.0: it answers what the event says. */
        @Bean
        Function<Map<String, Object>, Map<String, Object>> orders() {
            return event -> {
                @SuppressWarnings("unchecked") Map<String, Object> path = (Map<String, Object>) event.get("pathParameters");
                return Map.of("statusCode", 200, "headers", Map.of("content-type", "application/json"),
                        "body", "{\"version\": \"" + event.get("version") + "\", \"method\": \"" + event.get("httpMethod")
                                + "\", \"resource\": \"" + event.get("resource") + "\", \"order\": \""
                                + path.get("orderId") + "\"}");
            };
        }

        /** A TOKEN authorizer as AWS's blueprint writes it: allow, deny, or "Unauthorized". */
        @Bean
        Function<Map<String, Object>, Object> tokenAuthorizer() {
            return event -> {
                String token = String.valueOf(event.get("authorizationToken"));
                if (token.equals("x-unauthorized")) {
                    throw new IllegalStateException("Unauthorized");
                }
                String effect = token.equals("x-allow") ? "Allow" : "Deny";
                return Map.of("principalId", "user-" + token,
                        "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                                "Action", "execute-api:Invoke", "Effect", effect, "Resource", event.get("methodArn")))));
            };
        }
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return ServingClient.at(port);
    }

    @Test
    void theHttpApisLambdaProxyGetsAPayload10Event() {
        client().get().uri("/http/orders/42").exchange().expectStatus().isOk()
                .expectBody().json("{\"version\": \"1.0\", \"method\": \"GET\", \"resource\": \"/orders/{orderId}\", "
                        + "\"order\": \"42\"}", JsonCompareMode.STRICT);
    }

    @Test
    void theHttpApisProxyAppliesItsParameterMappings() {
        client().get().uri("/http/catalog/books/7?q=x").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("x-echo-uri", "/echo/books/7?q=x&source=gateway")
                .expectHeader().valueEquals("x-echo-h-x-item", "books/7");
    }

    @Test
    void theHttpApisCorsAnswersPreflightsAndMarksAnswers() {
        client().options().uri("/http/orders/42").header("Origin", "https://www.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://www.example.com")
                .expectHeader().valueEquals("Access-Control-Allow-Credentials", "true")
                .expectHeader().valueEquals("Access-Control-Max-Age", "3600")
                .expectBody().isEmpty();
        client().get().uri("/http/orders/42").header("Origin", "https://www.example.com").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://www.example.com")
                .expectHeader().valueEquals("Access-Control-Expose-Headers", "x-apigateway-header,x-amz-date,content-type")
                .expectBody().consumeWith(body -> { });
    }

    @Test
    void theRestApiNeedsTheAuthorizersAllowAndAnApiKey() {
        client().get().uri("/rest/test/items").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"items\"")
                .expectBody().json("{\"message\": \"Unauthorized\"}", JsonCompareMode.STRICT);
        // not matching the identity validation expression: refused before the authorizer is called
        client().get().uri("/rest/test/items").header("Authorization", "Bearer abc").exchange()
                .expectStatus().isUnauthorized().expectBody().json("{\"message\": \"Unauthorized\"}");
        client().get().uri("/rest/test/items").header("Authorization", "x-deny").exchange()
                .expectStatus().isForbidden()
                .expectBody().json("{\"message\": \"User is not authorized to access this resource with an explicit "
                        + "deny\"}", JsonCompareMode.STRICT);
        client().get().uri("/rest/test/items").header("Authorization", "x-allow").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.message").isEqualTo("an API key is required");
        client().get().uri("/rest/test/items").header("Authorization", "x-allow")
                .header("x-api-key", "partner-key-0123456789").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"items\": [], \"principal\": \"user-x-allow\"}", JsonCompareMode.STRICT);
    }

    @Test
    void aMissingRouteAnswersTheCustomisedGatewayResponse() {
        client().get().uri("/rest/test/nothing").header("Accept", "application/json").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "a.b.c")
                .expectHeader().valueEquals("x-request-header", "application/json")
                .expectBody().json("{\"message\": \"Missing Authentication Token\", \"type\": "
                        + "\"MISSING_AUTHENTICATION_TOKEN\", \"stage\": \"test\", \"resourcePath\": \"\", "
                        + "\"stageVariables.a\": \"stage-a\", \"statusCode\": \"'404'\"}", JsonCompareMode.STRICT);
    }
}
