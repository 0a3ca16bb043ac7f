package io.tollgate.core.function;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FUNCTION integrations through a real server. Event fields follow [DOC] "Working with AWS Lambda proxy integrations
 * for HTTP APIs" (payload 1.0 and 2.0 examples) and [LS] test_lambda_aws_proxy_integration (null collections, last
 * query value wins, decoded query values, undecoded path).
 */
class FunctionEndToEndTest {

    private static final Map<String, Object> EVENTS = new ConcurrentHashMap<>();
    private static final AtomicReference<String> BLOCKING_THREAD = new AtomicReference<>();
    private static final AtomicBoolean CANCELLED = new AtomicBoolean();
    private static final Sinks.One<Object> HELD = Sinks.one();
    private static final Sinks.Empty<Void> HOLDING = Sinks.empty();
    private static BlockingFunctions blocking;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        blocking = new BlockingFunctions(4, 16);
        Map<String, GatewayFunction> functions = Map.of(
                "record", (event, context) -> {
                    EVENTS.put(context.functionName() + ":" + ((Map<?, ?>) event).get("version"), event);
                    return Mono.just(Map.of("statusCode", 200, "body", "recorded", "headers", Map.of("x-request", context.requestId())));
                },
                "hello", (event, context) -> Mono.just("Hello from Lambda!"),
                "broken", (event, context) -> Mono.just(Map.of("statusCode", 200, "unexpected", true)),
                "throws", (event, context) -> {
                    throw new IllegalStateException("boom");
                },
                "slow", (event, context) -> Mono.never().doOnCancel(() -> CANCELLED.set(true)),
                "held", (event, context) -> {
                    HOLDING.tryEmitEmpty();
                    return HELD.asMono();
                },
                "orders", (event, context) -> {
                    Map<?, ?> order = (Map<?, ?>) event;
                    Object pet = order.get("pet");
                    if (Integer.valueOf(0).equals(pet)) {
                        return Mono.error(new IllegalArgumentException("pet not found"));
                    }
                    if (Integer.valueOf(-1).equals(pet)) {
                        throw new IllegalStateException("boom");
                    }
                    return Mono.just(Map.of("placed", pet, "source", order.get("source")));
                },
                "image", (event, context) -> {
                    Map<?, ?> request = (Map<?, ?>) event;
                    EVENTS.put("image:" + request.get("version"), event);
                    return Mono.just(Map.of("statusCode", 200, "headers", Map.of("content-type", "image/png"),
                            "body", String.valueOf(request.get("body")), "isBase64Encoded", request.get("isBase64Encoded")));
                },
                "blocking", blocking.adapt((event, context) -> {
                    BLOCKING_THREAD.set(Thread.currentThread().getName());
                    return Map.of("statusCode", 200, "body", "blocked on " + Thread.currentThread().getName());
                }));
        FunctionRegistry registry = name -> Optional.ofNullable(functions.get(name));
        Api rest = Api.builder("rest").type(ApiType.REST).basePath("/rest").binaryMediaTypes(List.of("image/*"))
                .stage("prod", Map.of("flavour", "vanilla"))
                .route("POST /pets/{id}", IntegrationSpec.function("record"))
                .route("GET /broken", IntegrationSpec.function("broken"))
                .route("POST /image", IntegrationSpec.function("image"))
                .route("POST /orders", IntegrationSpec.function("orders").proxy(false)
                        .requestTemplate("application/json", "{\"pet\": $input.json('$.pet'), \"source\": \"$context.stage\"}")
                        .integrationResponse(io.tollgate.core.api.integration.IntegrationResponseSpec.status(201)
                                .responseTemplate("application/json", "{\"order\": $input.json('$.placed'), \"via\": $input.json('$.source')}"))
                        .integrationResponse(io.tollgate.core.api.integration.IntegrationResponseSpec.status(404).selectionPattern(".*not found.*")
                                .responseTemplate("application/json", "{\"message\": $input.json('$.errorMessage'), \"type\": $input.json('$.errorType')}")))
                .build();
        Api httpApi = Api.builder("http").basePath("/http")
                .route("POST /pets/{id}", IntegrationSpec.function("record"))
                .route("GET /hello", IntegrationSpec.function("hello"))
                .route("GET /v1", IntegrationSpec.function("record").payloadFormatVersion("1.0"))
                .route("GET /throws", IntegrationSpec.function("throws"))
                .route("GET /slow", IntegrationSpec.function("slow").timeout(Duration.ofMillis(200)))
                .route("GET /held", IntegrationSpec.function("held").maxConcurrency(1))
                .route("GET /blocking", IntegrationSpec.function("blocking"))
                .build();
        Gateway gateway = Gateway.builder().api(rest).api(httpApi).feature(new FunctionFeature(registry)).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        blocking.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void payload10EventIsFilledAsAwsFillsIt() {
        TestHttp.Response response = http.exchange(HttpMethod.POST, "/rest/prod/pets/a%20b?category=electronics&category=books&q=a+b%2Bc",
                h -> h.set("aUThorization", "token").set("X-Custom", "v1").set("content-type", "application/json"),
                TestHttp.text("{\"name\":\"rex\"}"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("recorded");
        Map<String, Object> event = (Map<String, Object>) EVENTS.get("record:null");
        assertThat(event).doesNotContainKey("version");
        assertThat(event).containsEntry("resource", "/pets/{id}").containsEntry("path", "/pets/a%20b")
                .containsEntry("httpMethod", "POST").containsEntry("body", "{\"name\":\"rex\"}")
                .containsEntry("isBase64Encoded", false);
        assertThat((Map<String, Object>) event.get("headers")).containsEntry("Authorization", "token").containsEntry("X-Custom", "v1");
        assertThat((Map<String, Object>) event.get("multiValueHeaders")).containsEntry("X-Custom", List.of("v1"));
        assertThat((Map<String, Object>) event.get("queryStringParameters"))
                .containsEntry("category", "books").containsEntry("q", "a b+c");
        assertThat((Map<String, Object>) event.get("multiValueQueryStringParameters"))
                .containsEntry("category", List.of("electronics", "books"));
        assertThat((Map<String, Object>) event.get("pathParameters")).containsEntry("id", "a%20b");
        assertThat((Map<String, Object>) event.get("stageVariables")).containsEntry("flavour", "vanilla");
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat(context).containsEntry("path", "/rest/prod/pets/a%20b").containsEntry("stage", "prod")
                .containsEntry("resourcePath", "/pets/{id}").containsEntry("httpMethod", "POST")
                .containsEntry("requestId", response.header("x-request")).containsEntry("protocol", "HTTP/1.1")
                .containsKey("requestTimeEpoch");
        assertThat(context.get("requestTimeEpoch")).isInstanceOf(Long.class);
        assertThat((Map<String, Object>) context.get("identity")).containsEntry("sourceIp", "127.0.0.1")
                .containsEntry("user", null).containsKey("cognitoIdentityId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void payload10NullsWhatIsAbsent() {
        http.get("/http/v1");
        Map<String, Object> event = (Map<String, Object>) EVENTS.get("record:1.0");
        assertThat(event).containsEntry("version", "1.0").containsEntry("queryStringParameters", null)
                .containsEntry("multiValueQueryStringParameters", null).containsEntry("pathParameters", null)
                .containsEntry("stageVariables", null).containsEntry("body", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void payload20EventIsFilledAsAwsFillsIt() {
        http.exchange(HttpMethod.POST, "/http/pets/7?parameter1=value1&parameter1=value2&parameter2=value",
                h -> h.add("Header2", "value1").add("Header2", "value2").set("cookie", "cookie1=a; cookie2=b"),
                TestHttp.text("Hello from Lambda"));
        Map<String, Object> event = (Map<String, Object>) EVENTS.get("record:2.0");
        assertThat(event).containsEntry("version", "2.0").containsEntry("routeKey", "POST /pets/{id}")
                .containsEntry("rawPath", "/http/pets/7")
                .containsEntry("rawQueryString", "parameter1=value1&parameter1=value2&parameter2=value")
                .containsEntry("cookies", List.of("cookie1=a", "cookie2=b"))
                .containsEntry("body", "Hello from Lambda").containsEntry("isBase64Encoded", false)
                .doesNotContainKey("stageVariables").doesNotContainKey("multiValueHeaders");
        assertThat((Map<String, Object>) event.get("headers")).containsEntry("header2", "value1,value2").doesNotContainKey("cookie");
        assertThat((Map<String, Object>) event.get("queryStringParameters"))
                .containsEntry("parameter1", "value1,value2").containsEntry("parameter2", "value");
        assertThat((Map<String, Object>) event.get("pathParameters")).containsEntry("id", "7");
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat((Map<String, Object>) context.get("http")).containsEntry("method", "POST")
                .containsEntry("path", "/http/pets/7").containsEntry("sourceIp", "127.0.0.1");
        assertThat(context).containsEntry("routeKey", "POST /pets/{id}").containsEntry("stage", "$default");
    }

    @Test
    void payload20ShortcutAndFailures() {
        TestHttp.Response hello = http.get("/http/hello");
        assertThat(hello.body()).isEqualTo("Hello from Lambda!");
        assertThat(hello.header("content-type")).isEqualTo("application/json");
        TestHttp.Response broken = http.get("/rest/prod/broken");
        assertThat(broken.status()).isEqualTo(502);
        assertThat(broken.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        TestHttp.Response thrown = http.get("/http/throws");
        assertThat(thrown.status()).isEqualTo(502);
        assertThat(thrown.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void timeoutsGive504AndCancelTheInvocation() {
        TestHttp.Response slow = http.get("/http/slow");
        assertThat(slow.status()).isEqualTo(504);
        assertThat(CANCELLED).isTrue();
    }

    @Test
    void invocationsOverTheConcurrencyLimitGet429() {
        CompletableFuture<TestHttp.Response> first = CompletableFuture.supplyAsync(() -> http.get("/http/held"));
        HOLDING.asMono().block(Duration.ofSeconds(10));
        TestHttp.Response second = http.get("/http/held");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        HELD.tryEmitValue(Map.of("statusCode", 200, "body", "released"));
        assertThat(first.join().body()).isEqualTo("released");
    }

    @Test
    void blockingFunctionsRunOffTheEventLoop() {
        TestHttp.Response response = http.get("/http/blocking");
        assertThat(response.status()).isEqualTo(200);
        assertThat(BLOCKING_THREAD.get()).startsWith("tollgate-function-");
        assertThat(Schedulers.isInNonBlockingThread()).isFalse();
    }

    @Test
    void aMissingFunctionFailsStartupNamingTheRoute() {
        Api api = Api.builder("a").route("GET /x", IntegrationSpec.function("nope")).build();
        assertThatThrownBy(() -> Gateway.builder().api(api).feature(new FunctionFeature(name -> Optional.empty())).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("a.routes[0].integration")
                .hasMessageContaining("the function 'nope', which does not exist");
    }

    @Test
    void nonProxyFunctionsGetTheTemplateOutputAndAnswerThroughIntegrationResponses() {
        TestHttp.Response placed = http.exchange(HttpMethod.POST, "/rest/prod/orders", h -> h.set("content-type", "application/json"),
                TestHttp.text("{\"pet\": 7}"));
        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.body()).isEqualTo("{\"order\": 7, \"via\": \"prod\"}");
        TestHttp.Response missing = http.exchange(HttpMethod.POST, "/rest/prod/orders", h -> h.set("content-type", "application/json"),
                TestHttp.text("{\"pet\": 0}"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\": \"pet not found\", \"type\": \"java.lang.IllegalArgumentException\"}");
        // an error no pattern selects takes the default response, with Lambda's error shape as its $input (AWS)
        TestHttp.Response unselected = http.exchange(HttpMethod.POST, "/rest/prod/orders", h -> h.set("content-type", "application/json"),
                TestHttp.text("{\"pet\": -1}"));
        assertThat(unselected.status()).isEqualTo(201);
        assertThat(unselected.body()).isEqualTo("{\"order\": , \"via\": }");
    }

    @Test
    @SuppressWarnings("unchecked")
    void binaryMediaTypesTravelBase64Encoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xFF};
        TestHttp.Response response = http.exchange(HttpMethod.POST, "/rest/prod/image",
                h -> h.set("content-type", "image/png").set("accept", "image/png"),
                reactor.core.publisher.Flux.just(io.netty.buffer.Unpooled.wrappedBuffer(png)));
        Map<String, Object> event = (Map<String, Object>) EVENTS.get("image:null");
        assertThat(event).containsEntry("isBase64Encoded", true)
                .containsEntry("body", java.util.Base64.getEncoder().encodeToString(png));
        assertThat(response.status()).isEqualTo(200);
        // the client gets the decoded bytes back, not the base64 text
        assertThat(response.body()).isEqualTo(new String(png, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.header("content-length")).isEqualTo(Integer.toString(png.length));
        // text stays text
        TestHttp.Response text = http.exchange(HttpMethod.POST, "/rest/prod/image",
                h -> h.set("content-type", "text/plain").set("accept", "text/plain"), TestHttp.text("hello"));
        assertThat(((Map<String, Object>) EVENTS.get("image:null")).get("isBase64Encoded")).isEqualTo(false);
        assertThat(text.body()).isEqualTo("hello");
    }
}
