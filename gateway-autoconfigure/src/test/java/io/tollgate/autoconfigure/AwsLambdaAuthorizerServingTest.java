package io.tollgate.autoconfigure;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

/** Unmodified AWS Lambda authorizers (TOKEN with an IAM policy, REQUEST 2.0 with a simple response) as beans. */
@SpringBootTest(classes = AwsLambdaAuthorizerServingTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tollgate.apis.rest.type=REST",
                "tollgate.apis.rest.base-path=/rest",
                "tollgate.apis.rest.stages.prod.variables.x=y",
                "tollgate.apis.rest.authorizers.lambda.type=TOKEN",
                "tollgate.apis.rest.authorizers.lambda.implementation=tokenHandler",
                "tollgate.apis.rest.routes[0].route-key=GET /pets/{id}",
                "tollgate.apis.rest.routes[0].authorizer=lambda",
                "tollgate.apis.rest.routes[0].integration.type=MOCK",
                "tollgate.apis.rest.routes[0].integration.request-templates.[application/json]={\"statusCode\": 200}",
                "tollgate.apis.rest.routes[0].integration.integration-responses[0].status-code=200",
                "tollgate.apis.rest.routes[0].integration.integration-responses[0].response-templates.[application/json]="
                        + "$context.authorizer.principalId/$context.authorizer.plan",
                "tollgate.apis.http.base-path=/http",
                "tollgate.apis.http.authorizers.simple.type=REQUEST",
                "tollgate.apis.http.authorizers.simple.implementation=simpleHandler",
                "tollgate.apis.http.authorizers.simple.simple-responses=true",
                "tollgate.apis.http.authorizers.simple.identity-sources[0]=$request.header.x-api-user",
                "tollgate.apis.http.routes[0].route-key=GET /items",
                "tollgate.apis.http.routes[0].authorizer=simple",
                "tollgate.apis.http.routes[0].integration.type=MOCK",
                "tollgate.apis.http.routes[0].integration.body=listed",
        })
class AwsLambdaAuthorizerServingTest {

    /** A TOKEN authorizer as AWS's documentation writes one in Java. */
    static final class TokenHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
        @Override
        public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
            IamPolicyResponseV1.Statement statement = switch (event.getAuthorizationToken()) {
                case "allow" -> IamPolicyResponseV1.allowStatement(event.getMethodArn());
                case "deny" -> IamPolicyResponseV1.denyStatement(event.getMethodArn());
                default -> throw new RuntimeException("Unauthorized");
            };
            return IamPolicyResponseV1.builder().withPrincipalId("lambda-user")
                    .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                            .withStatement(List.of(statement)).build())
                    .withContext(Map.of("plan", "gold")).build();
        }
    }

    /** A REQUEST authorizer of an HTTP API with simple responses. */
    static final class SimpleHandler implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
        @Override
        public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
            boolean ok = "alice".equals(event.getHeaders().get("x-api-user")) && event.getRouteArn().endsWith("/GET/items");
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(ok).withContext(Map.of("user", "alice")).build();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        TokenHandler tokenHandler() {
            return new TokenHandler();
        }

        @Bean
        SimpleHandler simpleHandler() {
            return new SimpleHandler();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void awsTokenAuthorizersWork() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.get().uri("/rest/prod/pets/1").header("Authorization", "allow").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("lambda-user/gold");
        client.get().uri("/rest/prod/pets/1").header("Authorization", "deny").exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        client.get().uri("/rest/prod/pets/1").header("Authorization", "who").exchange().expectStatus().isUnauthorized()
                .expectBody(String.class).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void awsSimpleResponseAuthorizersWork() {
        WebTestClient client = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build();
        client.get().uri("/http/items").header("x-api-user", "alice").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("listed");
        client.get().uri("/http/items").header("x-api-user", "mallory").exchange().expectStatus().isForbidden()
                .expectBody(String.class).isEqualTo("{\"message\":\"Forbidden\"}");
    }
}
