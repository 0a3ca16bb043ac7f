package io.tollgate.core.server;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp.Response;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP non-proxy and MOCK integrations with templates, and customised gateway responses, end to end. */
class NonProxyEndToEndTest {

    private static TestBackend backend;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() throws IOException {
        backend = new TestBackend();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Api shop = Api.builder("shop").type(ApiType.REST).basePath("/shop")
                .stage("prod", Map.of("backend", backend.url(), "env", "production"))
                .route("POST /orders", IntegrationSpec.http("${stageVariables.backend}/echo/orders")
                        .requestTemplate("application/json", """
                                {"item": "$input.path('$.name')", "qty": $input.json('$.qty'), "stage": "$stageVariables.env"}""")
                        .requestParameter("integration.request.header.x-source", "'tollgate'")
                        .requestParameter("integration.request.querystring.user", "method.request.header.x-user")
                        .requestParameter("integration.request.header.x-req", "context.requestId")
                        .integrationResponse(IntegrationResponseSpec.status(201)
                                .responseParameter("method.response.header.x-backend-method", "integration.response.header.x-echo-method")
                                .responseParameter("method.response.header.x-item", "integration.response.body.item")
                                .responseParameter("method.response.header.x-static", "'yes'")
                                .responseTemplate("application/json", "{\"ok\": true, \"order\": $input.json('$')}")
                                .responseTemplate("application/xml", "<order item=\"$input.path('$.item')\"/>")))
                .route("GET /status/{code}", IntegrationSpec.http("${stageVariables.backend}/status/{code}")
                        .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json", "{\"fine\":true}"))
                        .integrationResponse(IntegrationResponseSpec.status(404).selectionPattern("404")
                                .responseTemplate("application/json", "{\"missing\":\"$input.params('code')\"}"))
                        .integrationResponse(IntegrationResponseSpec.status(502).selectionPattern("5\\d{2}")))
                .route("GET /strict/{code}", IntegrationSpec.http("${stageVariables.backend}/status/{code}")
                        .integrationResponse(IntegrationResponseSpec.status(200).selectionPattern("2\\d{2}")))
                .route("POST /never", IntegrationSpec.http("${stageVariables.backend}/echo/never")
                        .passthroughBehavior("NEVER").requestTemplate("application/json", "{}"))
                .route("POST /when-no-match", IntegrationSpec.http("${stageVariables.backend}/echo/match")
                        .requestTemplate("application/json", "{\"templated\":true}"))
                .route("POST /when-no-templates", IntegrationSpec.http("${stageVariables.backend}/echo/nt")
                        .passthroughBehavior("WHEN_NO_TEMPLATES").requestTemplate("application/json", "{}"))
                .route("POST /raw", IntegrationSpec.http("${stageVariables.backend}/echo/raw").passthroughBehavior("WHEN_NO_TEMPLATES"))
                .route("GET /override", IntegrationSpec.http("${stageVariables.backend}/echo/override")
                        .requestTemplate("application/json", """
                                #set($context.requestOverride.querystring.page = "3")
                                #set($context.requestOverride.header['x-tenant'] = "t1")
                                {}""")
                        .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json", """
                                #set($context.responseOverride.status = 202)
                                #set($context.responseOverride.header['x-overridden'] = "yes")
                                {"overridden":true}""")))
                .route("POST /broken", IntegrationSpec.http("${stageVariables.backend}/echo/broken")
                        .requestTemplate("application/json", "secret template $util.base64Decode('%%%')"))
                .route(new RouteSpec("POST /small", IntegrationSpec.http("${stageVariables.backend}/echo/small")
                        .requestTemplate("application/json", "$input.body")).maxRequestBodySize(64L))
                .route("GET /mock/{code}", IntegrationSpec.ofType("MOCK")
                        .requestTemplate("application/json", "{\"statusCode\": $input.params('code')}")
                        .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json",
                                "{\"mock\":\"ok\",\"input\":$input.json('$')}"))
                        .integrationResponse(IntegrationResponseSpec.status(404).selectionPattern("404")
                                .responseTemplate("application/json", "{\"mock\":\"missing\"}")))
                .route("GET /mock-override", IntegrationSpec.ofType("MOCK")
                        .requestTemplate("application/json", """
                                #set($context.responseOverride.status = 444)
                                #set($context.responseOverride.header['x-mock'] = "overridden")
                                {"statusCode": 200}"""))
                .route("GET /refused", IntegrationSpec.http("http://127.0.0.1:" + closedPort + "/x"))
                .gatewayResponse("MISSING_AUTHENTICATION_TOKEN", 404, Map.of("x-custom", "'custom'", "x-stage", "stageVariables.env"),
                        Map.of("application/json", "{\"error\":\"no route\",\"path\":\"$context.path\",\"id\":\"$context.requestId\",\"msg\":$context.error.messageString}"))
                .gatewayResponse("DEFAULT_5XX", null, Map.of(), Map.of("application/json", "{\"oops\":\"$context.error.message\",\"type\":\"$context.error.responseType\"}"))
                .build();
        Gateway gateway = Gateway.builder().api(shop).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    private static Response post(String path, String contentType, String body, String accept) {
        return http.exchange(HttpMethod.POST, path, h -> {
            if (contentType != null) {
                h.set("content-type", contentType);
            }
            if (accept != null) {
                h.set("accept", accept);
            }
            h.set("x-user", "ann");
        }, body == null ? null : TestHttp.text(body));
    }

    @Test
    void requestAndResponseTemplatesReshapeBothWays() {
        Response r = post("/shop/prod/orders", "application/json; charset=UTF-8", "{\"name\":\"kibble\",\"qty\":3}", null);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"ok\": true, \"order\": {\"item\":\"kibble\",\"qty\":3,\"stage\":\"production\"}}");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("x-backend-method")).isEqualTo("POST");
        assertThat(r.header("x-item")).isEqualTo("kibble");
        assertThat(r.header("x-static")).isEqualTo("yes");
        // what the backend received is not the client's headers but the mapped ones
        assertThat(r.header("x-echo-h-x-user")).isNull();
    }

    @Test
    void responseTemplatesAreChosenByAccept() {
        Response xml = post("/shop/prod/orders", "application/json", "{\"name\":\"kibble\",\"qty\":1}", "application/xml");
        assertThat(xml.body()).isEqualTo("<order item=\"kibble\"/>");
        assertThat(xml.header("content-type")).isEqualTo("application/xml");
        Response other = post("/shop/prod/orders", "application/json", "{\"name\":\"kibble\",\"qty\":1}", "text/html");
        assertThat(other.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void integrationResponsesAreSelectedByStatus() {
        Response ok = http.get("/shop/prod/status/204");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"fine\":true}");
        Response missing = http.get("/shop/prod/status/404");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"missing\":\"404\"}");
        Response error = http.get("/shop/prod/status/503");
        assertThat(error.status()).isEqualTo(502);
        Response unmatched = http.get("/shop/prod/strict/404");
        assertThat(unmatched.status()).isEqualTo(500);
        assertThat(unmatched.body()).isEqualTo("{\"oops\":\"Internal server error\",\"type\":\"API_CONFIGURATION_ERROR\"}");
    }

    @Test
    void passthroughBehaviours() {
        assertThat(post("/shop/prod/never", "text/plain", "hello", null).status()).isEqualTo(415);
        assertThat(post("/shop/prod/never", "application/json", "{}", null).status()).isEqualTo(200);
        Response noMatch = post("/shop/prod/when-no-match", "text/plain", "hello", null);
        assertThat(noMatch.status()).isEqualTo(200);
        assertThat(noMatch.body()).isEqualTo("hello");
        assertThat(noMatch.header("content-type")).isNull();
        assertThat(post("/shop/prod/when-no-match", null, "{\"a\":1}", null).body()).isEqualTo("{\"templated\":true}");
        assertThat(post("/shop/prod/when-no-templates", "text/plain", "hello", null).status()).isEqualTo(415);
        assertThat(post("/shop/prod/raw", "text/plain", "hello", null).body()).isEqualTo("hello");
        Response unsupported = post("/shop/prod/never", "text/csv", "a,b", null);
        assertThat(unsupported.body()).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
    }

    @Test
    void overridesChangeTheIntegrationRequestAndTheMethodResponse() {
        Response r = http.get("/shop/prod/override?page=1");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.header("x-overridden")).isEqualTo("yes");
        assertThat(r.body()).isEqualTo("{\"overridden\":true}");
    }

    @Test
    void malformedJsonGets400AndTemplateFailuresA500WithoutTheSource() {
        Response malformed = post("/shop/prod/orders", "application/json", "{\"name\": kib", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("{\"message\":\"Could not parse request body into json: ");
        Response broken = post("/shop/prod/broken", "application/json", "{}", null);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.body()).doesNotContain("secret").doesNotContain("base64").doesNotContain("Exception");
    }

    @Test
    void bodiesOverTheLimitGet413() {
        assertThat(post("/shop/prod/small", "application/json", "{\"a\":\"" + "x".repeat(100) + "\"}", null).status())
                .isEqualTo(413);
        assertThat(post("/shop/prod/small", "application/json", "{\"a\":1}", null).status()).isEqualTo(200);
    }

    @Test
    void mockTemplatesSelectTheIntegrationResponse() {
        Response ok = http.get("/shop/prod/mock/200");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"mock\":\"ok\",\"input\":{}}");
        Response missing = http.get("/shop/prod/mock/404");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"mock\":\"missing\"}");
        Response overridden = http.get("/shop/prod/mock-override");
        assertThat(overridden.status()).isEqualTo(444);
        assertThat(overridden.header("x-mock")).isEqualTo("overridden");
        assertThat(overridden.body()).isEmpty();
    }

    @Test
    void customisedGatewayResponsesAndTheirFallbacks() {
        Response notFound = http.get("/shop/prod/nothing");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("x-custom")).isEqualTo("custom");
        assertThat(notFound.header("x-stage")).isEqualTo("production");
        assertThat(notFound.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(notFound.body()).isEqualTo("{\"error\":\"no route\",\"path\":\"/shop/prod/nothing\",\"id\":\""
                + notFound.header("x-amzn-RequestId") + "\",\"msg\":\"Missing Authentication Token\"}");
        Response refused = http.get("/shop/prod/refused");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body()).isEqualTo("{\"oops\":\"Bad Gateway\",\"type\":\"INTEGRATION_FAILURE\"}");
        Response unsupported = post("/shop/prod/never", "text/csv", "a,b", null);
        assertThat(unsupported.body()).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
    }

    @Test
    @DisplayName("every template that does not parse is reported in one run, under its own path, at the directive left open")
    void templateSyntaxErrorsAreAllReportedWithTheirPathAndDirective() {
        Api bad = Api.builder("bad")
                .route("GET /x", IntegrationSpec.http("http://h/x").requestTemplate("application/json", "{\n  #if($x\n}"))
                .route("GET /y", IntegrationSpec.mock(200)
                        .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json", "{}"))
                        .integrationResponse(IntegrationResponseSpec.status(404).selectionPattern("404")
                                .responseTemplate("application/xml", "<a>\n#foreach($p in $input.path('$'))\n  <p>$p</p>\n</a>")))
                .build();
        Api worse = Api.builder("worse").basePath("/worse")
                .route("POST /z", IntegrationSpec.mock(200).requestTemplate("text/plain", "#end"))
                .build();
        assertThatThrownBy(() -> Gateway.builder().api(bad).api(worse).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).extracting(Object::toString)
                        .containsExactly(
                                "bad.routes[0].integration.request-templates[application/json]: syntax error at line 2,"
                                        + " column 3: #if( has no closing ')'",
                                "bad.routes[1].integration.integration-responses[1].response-templates[application/xml]:"
                                        + " syntax error at line 2, column 1: #foreach has no #end",
                                "worse.routes[0].integration.request-templates[text/plain]: syntax error at line 1,"
                                        + " column 1: unexpected \"#end\""));
    }
}
