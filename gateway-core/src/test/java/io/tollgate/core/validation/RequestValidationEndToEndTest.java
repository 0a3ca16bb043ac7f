package io.tollgate.core.validation;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Request validators through a real server, in front of a backend that echoes what it gets. */
class RequestValidationEndToEndTest {

    static final String PET = """
            {"type": "object", "required": ["name"],
             "properties": {"name": {"type": "string"}, "price": {"type": "number", "minimum": 0}}}""";

    private static GatewayServer server;
    private static TestHttp http;
    private static TestBackend backend;

    private static Map<String, Boolean> parameters() {
        Map<String, Boolean> parameters = new LinkedHashMap<>();
        parameters.put("method.request.querystring.q", true);
        parameters.put("method.request.path.id", true);
        parameters.put("method.request.header.x-token", true);
        parameters.put("method.request.querystring.optional", false);
        return parameters;
    }

    private static RouteSpec route(String key, String validator) {
        return new RouteSpec(key, IntegrationSpec.httpProxy(backend.url() + "/echo"))
                .requestValidator(validator)
                .requestParameters(parameters())
                .requestModels(Map.of("application/json", "Pet"));
    }

    @BeforeAll
    static void start() {
        backend = new TestBackend();
        Api shop = Api.builder("shop").type("REST").basePath("/shop")
                .model("Pet", PET)
                .route(route("POST /full/{id}", "FULL"))
                .route(route("POST /body/{id}", "BODY_ONLY"))
                .route(route("POST /params/{id}", "PARAMS_ONLY"))
                .route(route("POST /declared/{id}", null))
                .route(new RouteSpec("POST /any", IntegrationSpec.httpProxy(backend.url() + "/echo"))
                        .requestValidator("full").requestModels(Map.of("$default", "Pet")))
                .route(new RouteSpec("POST /small", IntegrationSpec.httpProxy(backend.url() + "/echo"))
                        .requestValidator("BODY_ONLY").requestModels(Map.of("application/json", "Pet"))
                        .maxRequestBodySize(32L))
                .build();
        Api custom = Api.builder("custom").type("REST").basePath("/custom")
                .model("Pet", PET)
                .route(route("POST /full/{id}", "FULL"))
                .gatewayResponse("BAD_REQUEST_PARAMETERS", null, Map.of("x-validation", "context.error.validationErrorString"),
                        Map.of("application/json", "{\"error\":\"$context.error.validationErrorString\",\"type\":\"$context.error.responseType\"}"))
                .gatewayResponse("BAD_REQUEST_BODY", 422, Map.of(),
                        Map.of("application/json", "{\"message\":$context.error.messageString,\"detail\":\"$context.error.validationErrorString\"}"))
                .build();
        Api guarded = Api.builder("guarded").basePath("/guarded")
                .authorizer(new io.tollgate.core.api.auth.AuthorizerSpec("users", "REQUEST")
                        .identitySources(java.util.List.of("$request.header.x-user")).simpleResponses(true))
                .route(new RouteSpec("POST /authorized", IntegrationSpec.mock(200)).authorizer("users")
                        .requestValidator("FULL").requestParameters(Map.of("method.request.querystring.q", true)))
                .route(new RouteSpec("POST /keyed", IntegrationSpec.mock(200)).apiKeyRequired(true)
                        .requestValidator("FULL").requestParameters(Map.of("method.request.querystring.q", true)))
                .build();
        io.tollgate.core.auth.GatewayAuthorizer allowAll = event -> reactor.core.publisher.Mono.just(
                io.tollgate.core.auth.AuthorizerResult.authorized(true));
        server = GatewayServer.start(Gateway.builder().api(shop).api(custom).api(guarded)
                .feature(new io.tollgate.core.auth.AuthorizerFeature(io.tollgate.core.auth.AuthorizerRegistry.of(Map.of("users", allowAll)), null))
                .feature(new io.tollgate.core.usage.UsageFeature(io.tollgate.core.usage.UsageControl.builder().build()))
                .build());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    private static TestHttp.Response post(String path, Consumer<HttpHeaders> headers, String body) {
        return http.exchange(HttpMethod.POST, path, headers, body == null ? null : TestHttp.text(body));
    }

    private static Consumer<HttpHeaders> json() {
        return h -> h.set("content-type", "application/json").set("x-token", "t");
    }

    @Test
    void missingParametersAreListedInAwsOrderBeforeTheBodyIsLookedAt() {
        TestHttp.Response r = post("/shop/full/7", h -> h.set("content-type", "application/json"), "not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing required request parameters: [x-token, q]\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
        assertThat(r.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void blankParametersAreMissing() {
        TestHttp.Response r = post("/shop/full/7?q=&optional=x", h -> h.set("content-type", "application/json")
                .set("x-token", "  "), "{\"name\":\"Rex\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing required request parameters: [x-token, q]\"}");
        TestHttp.Response headerOnly = post("/shop/full/7?q=1", h -> h.set("content-type", "application/json"),
                "{\"name\":\"Rex\"}");
        assertThat(headerOnly.body()).isEqualTo("{\"message\":\"Missing required request parameters: [x-token]\"}");
        TestHttp.Response blankPath = post("/shop/full/%20?q=1", json(), "{\"name\":\"Rex\"}");
        assertThat(blankPath.body()).isEqualTo("{\"message\":\"Missing required request parameters: [id]\"}");
    }

    @Test
    void aValidRequestReachesTheBackendWithItsBodyIntact() {
        String body = "{\"name\":\"Rex\",\"price\":12.5,\"tags\":[\"ü\"]}";
        int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        TestHttp.Response r = post("/shop/full/7?q=dogs", json().andThen(h -> h.set("content-length", length)), body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.header("x-echo-uri")).isEqualTo("/echo?q=dogs");
        assertThat(r.header("x-echo-h-content-length")).isEqualTo(String.valueOf(length));
    }

    @Test
    void aMissingBodyIsValidatedAsAnEmptyObject() {
        TestHttp.Response r = post("/shop/full/7?q=dogs", json(), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Invalid request body\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
    }

    @Test
    void schemaViolationsAndMalformedJsonAreInvalidBodies() {
        assertThat(post("/shop/full/7?q=dogs", json(), "{\"name\":5,\"price\":-1}").body())
                .isEqualTo("{\"message\":\"Invalid request body\"}");
        assertThat(post("/shop/full/7?q=dogs", json(), "{\"name\":").status()).isEqualTo(400);
        assertThat(post("/shop/full/7?q=dogs", json(), "{\"name\":\"Rex\"} trailing").status()).isEqualTo(400);
        assertThat(post("/shop/full/7?q=dogs", json(), "[]").status()).isEqualTo(400);
    }

    @Test
    void theModelIsChosenByContentTypeAndAnUnmodelledTypeIsNotValidated() {
        assertThat(post("/shop/full/7?q=dogs", h -> h.set("content-type", "Application/JSON; charset=utf-8")
                .set("x-token", "t"), "{}").status()).isEqualTo(400);
        // no Content-Type: application/json, as API Gateway assumes
        assertThat(post("/shop/full/7?q=dogs", h -> h.set("x-token", "t"), "{}").status()).isEqualTo(400);
        TestHttp.Response text = post("/shop/full/7?q=dogs", h -> h.set("content-type", "text/plain").set("x-token", "t"),
                "{}");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body()).isEqualTo("{}");
    }

    @Test
    void theDefaultModelAppliesToEveryContentType() {
        assertThat(post("/shop/any", h -> h.set("content-type", "text/plain"), "{}").status()).isEqualTo(400);
        assertThat(post("/shop/any", h -> h.set("content-type", "text/plain"), "{\"name\":\"a\"}").status()).isEqualTo(200);
    }

    @Test
    void bodyOnlyIgnoresParametersAndParamsOnlyIgnoresTheBody() {
        TestHttp.Response bodyOnly = post("/shop/body/7", h -> h.set("content-type", "application/json"), "{\"name\":\"a\"}");
        assertThat(bodyOnly.status()).isEqualTo(200);
        assertThat(post("/shop/body/7", h -> h.set("content-type", "application/json"), "{}").status()).isEqualTo(400);
        TestHttp.Response paramsOnly = post("/shop/params/7?q=1", json(), "not json at all");
        assertThat(paramsOnly.status()).isEqualTo(200);
        assertThat(paramsOnly.body()).isEqualTo("not json at all");
        assertThat(post("/shop/params/7", json(), "{\"name\":\"a\"}").body())
                .isEqualTo("{\"message\":\"Missing required request parameters: [q]\"}");
    }

    @Test
    void theAuthorizerAndTheApiKeyComeBeforeValidation() {
        assertThat(post("/guarded/authorized", h -> { }, null).status()).isEqualTo(401);
        assertThat(post("/guarded/authorized", h -> h.set("x-user", "u"), null).body())
                .isEqualTo("{\"message\":\"Missing required request parameters: [q]\"}");
        assertThat(post("/guarded/authorized?q=1", h -> h.set("x-user", "u"), null).status()).isEqualTo(200);
        assertThat(post("/guarded/keyed", h -> { }, null).status()).isEqualTo(403);
    }

    @Test
    void aGatewayWithValidationOffIgnoresValidators() {
        Api api = Api.builder("off").model("Pet", PET).route(route("POST /full/{id}", "FULL")).build();
        GatewayServer off = GatewayServer.start(Gateway.builder().api(api).without(RequestValidationFeature.class).build());
        try {
            TestHttp.Response r = off.http().exchange(HttpMethod.POST, "/full/1", h -> { }, TestHttp.text("x"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("x");
        } finally {
            off.close();
        }
    }

    @Test
    void declaredParametersAndModelsWithoutAValidatorCheckNothing() {
        TestHttp.Response r = post("/shop/declared/7", h -> { }, "not json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("not json");
    }

    @Test
    void aBodyPastTheRouteLimitIs413() {
        TestHttp.Response r = post("/shop/small", h -> h.set("content-type", "application/json"),
                "{\"name\":\"" + "x".repeat(64) + "\"}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
        assertThat(post("/shop/small", h -> h.set("content-type", "application/json"), "{\"name\":\"x\"}").status())
                .isEqualTo(200);
    }

    @Test
    void customGatewayResponsesReadTheValidationErrorString() {
        TestHttp.Response params = post("/custom/full/7", h -> h.set("content-type", "application/json"), "{}");
        assertThat(params.status()).isEqualTo(400);
        assertThat(params.body()).isEqualTo("{\"error\":\"Missing required request parameters: [x-token, q]\","
                + "\"type\":\"BAD_REQUEST_PARAMETERS\"}");
        assertThat(params.header("x-validation")).isEqualTo("Missing required request parameters: [x-token, q]");
        TestHttp.Response body = post("/custom/full/7?q=1", json(), "{\"price\":-1}");
        assertThat(body.status()).isEqualTo(422);
        // the detail is JSON-escaped, so that it fits in a template's "..."
        assertThat(body.body()).isEqualTo("{\"message\":\"Invalid request body\",\"detail\":\"[object has missing required"
                + " properties ([\\\"name\\\"]), numeric instance is lower than the required minimum (minimum: 0, found: -1)]\"}");
    }
}
