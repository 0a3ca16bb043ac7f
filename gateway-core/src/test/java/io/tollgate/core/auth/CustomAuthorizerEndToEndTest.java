package io.tollgate.core.auth;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.function.BlockingFunctions;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Custom authorizers end to end: AWS's TOKEN sample, REQUEST with payloads 1.0 and 2.0, caching, failures. */
class CustomAuthorizerEndToEndTest {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicReference<AuthorizerEvent> LAST_EVENT = new AtomicReference<>();
    private static final AtomicReference<Object> LAST_PROXY_EVENT = new AtomicReference<>();
    private static final AtomicReference<String> BLOCKING_THREAD = new AtomicReference<>();
    private static final AtomicLong NANOS = new AtomicLong(1_000_000_000L);
    private static final AtomicReference<Sinks.One<AuthorizerResult>> HELD = new AtomicReference<>(Sinks.one());

    private static BlockingFunctions pool;
    private static GatewayServer server;
    private static TestHttp http;

    /** AWS's documented TOKEN authorizer sample, narrowed to GET routes under /pets for "allow". */
    private static Mono<AuthorizerResult> sample(AuthorizerEvent event) {
        count("token");
        LAST_EVENT.set(event);
        String arn = event.methodArn();
        String apiStage = arn.substring(0, arn.indexOf('/', arn.indexOf('/') + 1));
        return switch (event.authorizationToken()) {
            case "allow" -> Mono.just(AuthorizerResult.policy("user-allow", PolicyDocument.allow(apiStage + "/GET/pets/*"))
                    .withContext(Map.of("tier", "gold", "level", 3, "admin", false)).withUsageIdentifierKey("key-123"));
            case "deny" -> Mono.just(AuthorizerResult.policy("user-deny", PolicyDocument.deny(arn)));
            case "both" -> Mono.just(AuthorizerResult.policy("user-both", new PolicyDocument(List.of(
                    new PolicyDocument.Statement(true, List.of("execute-api:*"), List.of("*")),
                    new PolicyDocument.Statement(false, List.of("execute-api:Invoke"), List.of("arn:aws:execute-api:*:*:*/*/GET/pets/2"))))));
            case "unauthorized" -> Mono.error(new UnauthorizedException());
            case "lambda-style" -> Mono.error(new RuntimeException("Unauthorized"));
            case "empty" -> Mono.empty();
            case "slow" -> Mono.never();
            default -> Mono.error(new IllegalStateException("Error: Invalid token"));
        };
    }

    private static int count(String name) {
        return CALLS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int calls(String name) {
        return CALLS.computeIfAbsent(name, k -> new AtomicInteger()).get();
    }

    @BeforeAll
    static void start() {
        pool = new BlockingFunctions(2, 10);
        Map<String, GatewayAuthorizer> authorizers = new HashMap<>();
        authorizers.put("sample", CustomAuthorizerEndToEndTest::sample);
        authorizers.put("simple", event -> {
            count("simple");
            LAST_EVENT.set(event);
            boolean ok = "secret".equals(event.header("x-user-key"));
            return Mono.just(AuthorizerResult.authorized(ok).withContext(Map.of("user", event.identitySource().get(1))));
        });
        authorizers.put("held", event -> {
            count("held");
            return HELD.get().asMono();
        });
        authorizers.put("blocking", event -> pool.run(() -> {
            count("blocking");
            BLOCKING_THREAD.set(Thread.currentThread().getName());
            return AuthorizerResult.authorized(true);
        }));
        GatewayFunction who = (event, context) -> {
            LAST_PROXY_EVENT.set(event);
            return Mono.just(Map.of("statusCode", 200, "body", "ok"));
        };
        IntegrationSpec context = IntegrationSpec.ofType("MOCK").requestTemplate("application/json", "{\"statusCode\": 200}")
                .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json",
                        "$context.authorizer.principalId|$context.authorizer.tier|$context.authorizer.level|$context.authorizer.admin"));
        authorizers.put("sources", event -> {
            count("sources");
            LAST_EVENT.set(event);
            return Mono.just(AuthorizerResult.policy("sources", PolicyDocument.allow("*")));
        });
        Api rest = Api.builder("rest").type(ApiType.REST).basePath("/rest").stage("prod", Map.of("tenant", "acme"))
                .stage("empty", Map.of())
                .authorizer(new AuthorizerSpec("sources", "REQUEST").identitySources(List.of("stageVariables.tenant",
                        "context.stage", "method.request.querystring.q")))
                .authorizer(new AuthorizerSpec("tokens", "TOKEN").implementation("sample"))
                .authorizer(new AuthorizerSpec("checked", "TOKEN").implementation("sample").validationExpression("[a-z-]+")
                        .identitySources(List.of("method.request.header.X-Auth")).resultTtl(Duration.ZERO))
                .authorizer(new AuthorizerSpec("quick", "TOKEN").implementation("sample").timeout(Duration.ofMillis(200)))
                .route(new RouteSpec("GET /pets/{id}", context).authorizer("tokens"))
                .route(new RouteSpec("POST /pets/{id}", context).authorizer("tokens"))
                .route(new RouteSpec("GET /proxy/{id}", IntegrationSpec.function("who")).authorizer("tokens"))
                .route(new RouteSpec("GET /checked", context).authorizer("checked"))
                .route(new RouteSpec("GET /quick", context).authorizer("quick"))
                .route(new RouteSpec("GET /sources", context).authorizer("sources"))
                .build();
        Api httpApi = Api.builder("http").basePath("/http")
                .authorizer(new AuthorizerSpec("simple", "REQUEST").simpleResponses(true)
                        .identitySources(List.of("$request.header.X-User-Key", "$request.querystring.user")))
                .authorizer(new AuthorizerSpec("v1", "REQUEST").implementation("simple").payloadFormatVersion("1.0")
                        .identitySources(List.of("$request.header.X-User-Key", "$request.querystring.user")))
                .authorizer(new AuthorizerSpec("held", "REQUEST").identitySources(List.of("$request.header.X-Id")))
                .authorizer(new AuthorizerSpec("blocking", "REQUEST").resultTtl(Duration.ZERO))
                .route(new RouteSpec("GET /items/{id}", IntegrationSpec.function("who")).authorizer("simple"))
                .route(new RouteSpec("GET /v1/items", IntegrationSpec.function("who")).authorizer("v1"))
                .route(new RouteSpec("GET /held", IntegrationSpec.function("who")).authorizer("held"))
                .route(new RouteSpec("GET /blocking", IntegrationSpec.function("who")).authorizer("blocking"))
                .build();
        Gateway gateway = Gateway.builder().api(rest).api(httpApi).ticker(NANOS::get)
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(authorizers), null)).feature(new FunctionFeature(name -> Optional.of(who))).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        pool.close();
    }

    @BeforeEach
    void expireCachedDecisions() {
        NANOS.addAndGet(Duration.ofHours(2).toNanos());
    }

    private static TestHttp.Response call(HttpMethod method, String path, String header, String value) {
        return http.exchange(method, path, h -> {
            if (value != null) {
                h.set(header, value);
            }
        }, null);
    }

    private static TestHttp.Response token(String path, String token) {
        return call(HttpMethod.GET, path, "Authorization", token);
    }

    @Test
    void awsSampleAllowsDeniesAndRefuses() {
        TestHttp.Response allowed = token("/rest/prod/pets/1", "allow");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("user-allow|gold|3|false");
        AuthorizerEvent event = LAST_EVENT.get();
        assertThat(event.asMap()).containsOnlyKeys("type", "authorizationToken", "methodArn");
        assertThat(event.asMap()).containsEntry("type", "TOKEN").containsEntry("authorizationToken", "allow")
                .containsEntry("methodArn", "arn:aws:execute-api:local:000000000000:rest/prod/GET/pets/1");

        TestHttp.Response denied = token("/rest/prod/pets/1", "deny");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        assertThat(denied.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");

        TestHttp.Response unauthorized = token("/rest/prod/pets/1", "unauthorized");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(token("/rest/prod/pets/1", "lambda-style").status()).isEqualTo(401);

        for (String failing : List.of("fail", "empty")) {
            TestHttp.Response failed = token("/rest/prod/pets/1", failing);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("{\"message\":\"Internal server error\"}");
            assertThat(failed.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
        }
    }

    @Test
    void missingIdentityOrAFailedValidationExpressionNeverCallsTheAuthorizer() {
        int before = calls("token");
        assertThat(token("/rest/prod/pets/1", null).status()).isEqualTo(401);
        assertThat(token("/rest/prod/pets/1", "").status()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/rest/prod/checked", "X-Auth", "Not Valid!").status()).isEqualTo(401);
        assertThat(calls("token")).isEqualTo(before);
        assertThat(call(HttpMethod.GET, "/rest/prod/checked", "X-Auth", "both").status()).isEqualTo(200);
        assertThat(calls("token")).isEqualTo(before + 1);
    }

    @Test
    void decisionsAreCachedPerIdentityAndEvaluatedAgainstEachRoute() {
        int before = calls("token");
        assertThat(token("/rest/prod/pets/1", "allow").status()).isEqualTo(200);
        assertThat(token("/rest/prod/pets/2", "allow").status()).isEqualTo(200);
        assertThat(calls("token")).isEqualTo(before + 1);
        // the cached policy covers GET /pets/* only: POST is refused without asking again
        TestHttp.Response post = call(HttpMethod.POST, "/rest/prod/pets/1", "Authorization", "allow");
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.body()).isEqualTo("{\"message\":\"User is not authorized to access this resource\"}");
        assertThat(calls("token")).isEqualTo(before + 1);
        // another identity is asked for itself, never served the cached Allow
        assertThat(token("/rest/prod/pets/1", "deny").status()).isEqualTo(403);
        assertThat(calls("token")).isEqualTo(before + 2);
        // after the TTL (300 s) the authorizer is asked again
        NANOS.addAndGet(Duration.ofSeconds(301).toNanos());
        assertThat(token("/rest/prod/pets/1", "allow").status()).isEqualTo(200);
        assertThat(calls("token")).isEqualTo(before + 3);
    }

    @Test
    void failuresAndUnauthorizedAreNotCached() {
        int before = calls("token");
        assertThat(token("/rest/prod/pets/1", "fail").status()).isEqualTo(500);
        assertThat(token("/rest/prod/pets/1", "fail").status()).isEqualTo(500);
        assertThat(token("/rest/prod/pets/1", "unauthorized").status()).isEqualTo(401);
        assertThat(token("/rest/prod/pets/1", "unauthorized").status()).isEqualTo(401);
        assertThat(calls("token")).isEqualTo(before + 4);
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        assertThat(token("/rest/prod/pets/1", "both").status()).isEqualTo(200);
        assertThat(token("/rest/prod/pets/2", "both").status()).isEqualTo(403);
    }

    @Test
    void aSlowAuthorizerTimesOutWithAuthorizerFailure() {
        TestHttp.Response response = call(HttpMethod.GET, "/rest/prod/quick", "Authorization", "slow");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
    }

    @Test
    void proxyEventsCarryThePrincipalAndContext() {
        assertThat(token("/rest/prod/proxy/5", "both").status()).isEqualTo(200);
        Map<?, ?> context = (Map<?, ?>) ((Map<?, ?>) LAST_PROXY_EVENT.get()).get("requestContext");
        Map<?, ?> authorizer = (Map<?, ?>) context.get("authorizer");
        assertThat(authorizer.get("principalId")).isEqualTo("user-both");
        assertThat(authorizer.containsKey("integrationLatency")).isTrue();
    }

    @Test
    void requestAuthorizersWithSimpleResponses() {
        TestHttp.Response ok = http.exchange(HttpMethod.GET, "/http/items/9?user=bob", h -> h.set("X-User-Key", "secret"), null);
        assertThat(ok.status()).isEqualTo(200);
        Map<String, Object> event = LAST_EVENT.get().asMap();
        assertThat(event).containsEntry("version", "2.0").containsEntry("type", "REQUEST")
                .containsEntry("routeArn", "arn:aws:execute-api:local:000000000000:http/$default/GET/items/9")
                .containsEntry("identitySource", List.of("secret", "bob")).containsEntry("routeKey", "GET /items/{id}")
                .containsEntry("rawQueryString", "user=bob").doesNotContainKey("body");
        Map<?, ?> requestContext = (Map<?, ?>) ((Map<?, ?>) LAST_PROXY_EVENT.get()).get("requestContext");
        assertThat(((Map<?, ?>) requestContext.get("authorizer")).get("lambda")).isEqualTo(Map.of("user", "bob"));

        TestHttp.Response refused = http.exchange(HttpMethod.GET, "/http/items/9?user=eve", h -> h.set("X-User-Key", "guess"), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        int before = calls("simple");
        assertThat(http.exchange(HttpMethod.GET, "/http/items/9", h -> h.set("X-User-Key", "secret"), null).status()).isEqualTo(401);
        assertThat(calls("simple")).isEqualTo(before);
    }

    @Test
    void requestAuthorizersWithPayload1() {
        TestHttp.Response ok = http.exchange(HttpMethod.GET, "/http/v1/items?user=bob", h -> h.set("X-User-Key", "secret"), null);
        assertThat(ok.status()).isEqualTo(200);
        Map<String, Object> event = LAST_EVENT.get().asMap();
        assertThat(event).containsEntry("version", "1.0").containsEntry("type", "REQUEST")
                .containsEntry("methodArn", "arn:aws:execute-api:local:000000000000:http/$default/GET/v1/items")
                .containsEntry("identitySource", "secret,bob").containsEntry("httpMethod", "GET")
                .containsEntry("resource", "/v1/items").containsKey("requestContext");
        assertThat((Object) ((Map<?, ?>) event.get("queryStringParameters")).get("user")).isEqualTo("bob");
    }

    @Test
    void identitySourcesComeFromStageVariablesContextAndQuery() {
        assertThat(http.get("/rest/prod/sources?q=1").status()).isEqualTo(200);
        assertThat(LAST_EVENT.get().identitySource()).containsExactly("acme", "prod", "1");
        assertThat(LAST_EVENT.get().asMap()).containsEntry("type", "REQUEST").containsEntry("methodArn",
                "arn:aws:execute-api:local:000000000000:rest/prod/GET/sources").doesNotContainKey("version");
        int before = calls("sources");
        // the empty stage has no tenant variable; a missing query parameter: 401 without asking
        assertThat(http.get("/rest/empty/sources?q=1").status()).isEqualTo(401);
        assertThat(http.get("/rest/prod/sources").status()).isEqualTo(401);
        assertThat(calls("sources")).isEqualTo(before);
        // cached by the values: the same ones again do not ask, another query value does
        assertThat(http.get("/rest/prod/sources?q=1").status()).isEqualTo(200);
        assertThat(calls("sources")).isEqualTo(before);
        assertThat(http.get("/rest/prod/sources?q=2").status()).isEqualTo(200);
        assertThat(calls("sources")).isEqualTo(before + 1);
    }

    @Test
    void concurrentRequestsOfOneIdentityCallTheAuthorizerOnce() {
        HELD.set(Sinks.one());
        int before = calls("held");
        List<Mono<TestHttp.Response>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(Mono.fromCallable(() -> call(HttpMethod.GET, "/http/held", "X-Id", "same"))
                    .subscribeOn(Schedulers.boundedElastic()));
        }
        Mono<List<TestHttp.Response>> all = reactor.core.publisher.Flux.merge(requests).collectList();
        Mono<Void> release = Mono.fromRunnable(() -> HELD.get().tryEmitValue(AuthorizerResult.authorized(true)))
                .delaySubscription(Duration.ofMillis(300)).then();
        List<TestHttp.Response> responses = Mono.zip(all, release.thenReturn(true)).map(t -> t.getT1()).block(Duration.ofSeconds(20));
        assertThat(responses).extracting(TestHttp.Response::status).containsOnly(200);
        assertThat(calls("held")).isEqualTo(before + 1);
    }

    @Test
    void blockingAuthorizersRunOffTheEventLoop() {
        assertThat(http.get("/http/blocking").status()).isEqualTo(200);
        assertThat(BLOCKING_THREAD.get()).startsWith("tollgate-function-");
    }

    @Test
    void anUnknownImplementationFailsAtStartupNamingTheAuthorizer() {
        Api api = Api.builder("bad").authorizer(new AuthorizerSpec("auth", "TOKEN").implementation("missing"))
                .route(new RouteSpec("GET /x", IntegrationSpec.ofType("MOCK")).authorizer("auth")).build();
        assertThatThrownBy(() -> Gateway.builder().api(api).build()).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("bad.authorizers.auth.implementation").hasMessageContaining("'missing'");
    }
}
