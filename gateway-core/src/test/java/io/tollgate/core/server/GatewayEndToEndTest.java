package io.tollgate.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp.Response;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway on a real Reactor Netty server, in front of a real backend. */
class GatewayEndToEndTest {

    private static TestBackend backend;
    private static GatewayServer server;
    private static ConnectionProvider pool;
    private static TestHttp http;

    @BeforeAll
    static void start() throws IOException {
        backend = new TestBackend();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Api shop = Api.builder("shop")
                .stage("$default", Map.of("backend", backend.url()))
                .route("ANY /echo/{proxy+}", IntegrationSpec.httpProxy("${stageVariables.backend}/echo/{proxy}"))
                .route("GET /items/{id}", IntegrationSpec.httpProxy("${stageVariables.backend}/echo/items/{id}")
                        .requestParameter("append:header.x-request-id", "$context.requestId")
                        .requestParameter("overwrite:querystring.source", "gateway-${stageVariables.backend}")
                        .requestParameter("remove:querystring.secret", "")
                        .requestParameter("remove:header.x-secret", "")
                        .requestParameter("overwrite:header.x-item", "item-$request.path.id for $request.header.x-user")
                        .requestParameter("append:header.x-route", "$context.routeKey"))
                .route("GET /moved/{proxy+}", IntegrationSpec.httpProxy(backend.url() + "/unused")
                        .requestParameter("overwrite:path", "/echo/moved/$request.path.proxy"))
                .route("GET /slow", IntegrationSpec.httpProxy(backend.url() + "/slow").timeout(Duration.ofMillis(300)))
                .route("GET /refused", IntegrationSpec.httpProxy("http://127.0.0.1:" + closedPort + "/x"))
                .route("GET /reset", IntegrationSpec.httpProxy(backend.url() + "/close"))
                .route("GET /hop", IntegrationSpec.httpProxy(backend.url() + "/hop"))
                .route("GET /stream", IntegrationSpec.httpProxy(backend.url() + "/stream"))
                .route("GET /one-shot", IntegrationSpec.httpProxy(backend.url() + "/one-shot"))
                .route(new RouteSpec("POST /upload", IntegrationSpec.httpProxy(backend.url() + "/collect")).maxRequestBodySize(1024L))
                .route("GET /health", IntegrationSpec.mock(200).body("{\"status\":\"ok\"}").header("x-mock", "yes"))
                .build();
        Api legacy = Api.builder("legacy").type(ApiType.REST).basePath("/legacy")
                .stage("prod", Map.of("backend", backend.url() + "/echo/prod"))
                .stage("dev", Map.of("backend", backend.url() + "/echo/dev"))
                .route("GET /pets/{id}", IntegrationSpec.httpProxy("${stageVariables.backend}/pets/{id}"))
                .build();
        Api fallback = Api.builder("fallback").basePath("/fb")
                .route("GET /known", IntegrationSpec.mock(200).body("known"))
                .route("$default", IntegrationSpec.httpProxy(backend.url() + "/echo/default/{proxy}"))
                .build();
        pool = ProxyClientSettings.DEFAULTS.createConnectionProvider("test");
        Gateway gateway = Gateway.builder().api(shop).api(legacy).api(fallback)
                .httpClient(ProxyClientSettings.DEFAULTS.createClient(pool)).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        pool.disposeLater().block(Duration.ofSeconds(5));
        backend.close();
    }

    @Test
    void proxiesMethodPathQueryHeadersAndBody() {
        Response response = http.exchange(HttpMethod.PUT, "/echo/a/b%20c?x=1&y=%2F&x=2",
                h -> h.set("x-custom", "v1").set("content-type", "text/plain"), TestHttp.text("hello body"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello body");
        assertThat(response.header("x-echo-method")).isEqualTo("PUT");
        assertThat(response.header("x-echo-uri")).isEqualTo("/echo/a/b%20c?x=1&y=%2F&x=2");
        assertThat(response.header("x-echo-h-x-custom")).isEqualTo("v1");
        assertThat(response.header("x-echo-h-content-type")).isEqualTo("text/plain");
        assertThat(response.header("x-echo-h-host")).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(response.header("x-echo-h-x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(response.header("x-echo-h-x-forwarded-proto")).isEqualTo("http");
        assertThat(response.header("x-echo-h-x-forwarded-host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(response.header("apigw-requestid")).matches("[0-9a-f-]{36}");
    }

    @Test
    void forwardedForIsAppendedToAndHopByHopHeadersAreDropped() {
        Response response = http.exchange(HttpMethod.GET, "/echo/x", h -> h
                .set("x-forwarded-for", "10.0.0.1")
                .set("connection", "keep-alive, x-drop-me")
                .set("x-drop-me", "1")
                .set("proxy-authorization", "Basic abc")
                .set("te", "trailers"), null);
        assertThat(response.header("x-echo-h-x-forwarded-for")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(response.headers().names()).noneMatch(n -> n.equals("x-echo-h-x-drop-me")
                || n.equals("x-echo-h-proxy-authorization") || n.equals("x-echo-h-te"));

        Response hop = http.get("/hop");
        assertThat(hop.body()).isEqualTo("hop");
        assertThat(hop.header("x-public")).isEqualTo("yes");
        assertThat(hop.header("x-private")).isNull();
        assertThat(hop.header("keep-alive")).isNull();
    }

    @Test
    void greedyPathsAreNormalisedAndCannotEscape() {
        assertThat(http.get("/echo/a//b/./c/").header("x-echo-uri")).isEqualTo("/echo/a/b/c");
        assertThat(http.get("/echo/a/b/%2e%2e/c").header("x-echo-uri")).isEqualTo("/echo/a/c");
        Response climbed = http.get("/echo/a/%2e%2e/%2E%2E/admin");
        assertThat(climbed.status()).isEqualTo(404);
        assertThat(climbed.header("x-echo-uri")).isNull();
        Response escape = http.get("/echo/a%2F..%2F..%2Fadmin");
        assertThat(escape.status()).isEqualTo(400);
        assertThat(escape.body()).contains("\"message\"");
        assertThat(http.get("/echo/%zz").status()).isEqualTo(400);
    }

    @Test
    void parameterMappingsChangeHeadersQueryAndPath() {
        Response response = http.exchange(HttpMethod.GET, "/items/42?secret=s&keep=a+b",
                h -> h.set("x-secret", "hidden").set("x-user", "ann").add("x-request-id", "client"), null);
        assertThat(response.status()).isEqualTo(200);
        String requestId = response.header("apigw-requestid");
        assertThat(response.header("x-echo-h-x-request-id")).isEqualTo("client," + requestId);
        assertThat(response.header("x-echo-h-x-secret")).isNull();
        assertThat(response.header("x-echo-h-x-item")).isEqualTo("item-42 for ann");
        assertThat(response.header("x-echo-h-x-route")).isEqualTo("GET /items/{id}");
        assertThat(response.header("x-echo-uri"))
                .isEqualTo("/echo/items/42?keep=a%20b&source=gateway-http%3A%2F%2F127.0.0.1%3A" + backend.port());

        assertThat(http.get("/moved/x/y?q=1").header("x-echo-uri")).isEqualTo("/echo/moved/x/y?q=1");
    }

    @Test
    void slowBackendGives504() {
        Response response = http.get("/slow");
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        assertThat(response.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void refusedAndResetConnectionsGive502() {
        Response refused = http.get("/refused");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Bad Gateway\"}");
        Response reset = http.get("/reset");
        assertThat(reset.status()).isEqualTo(502);
    }

    @Test
    void bodiesOverTheLimitGive413() {
        String small = "x".repeat(1024);
        assertThat(http.exchange(HttpMethod.POST, "/upload", h -> { }, TestHttp.text(small)).body()).isEqualTo("received 1024");
        Response declared = http.exchange(HttpMethod.POST, "/upload", h -> { }, TestHttp.text("x".repeat(1025)));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
        Flux<ByteBuf> chunked = Flux.range(0, 10).map(i -> Unpooled.copiedBuffer("y".repeat(200), StandardCharsets.UTF_8));
        Response streamed = http.exchange(HttpMethod.POST, "/upload", h -> h.set("transfer-encoding", "chunked"), chunked);
        assertThat(streamed.status()).isEqualTo(413);
    }

    @Test
    void largeBodiesStreamBothWays() {
        Response response = http.get("/stream?chunks=96");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(96 * 8192);
        Flux<ByteBuf> upload = Flux.range(0, 96).map(i -> Unpooled.wrappedBuffer(new byte[4096]));
        Response echoed = http.exchange(HttpMethod.POST, "/echo/big", h -> h.set("transfer-encoding", "chunked"), upload);
        assertThat(echoed.status()).isEqualTo(200);
        assertThat(echoed.body()).hasSize(96 * 4096);
    }

    @Test
    void backendsThatCloseConnectionsNeverCauseA502() {
        for (int i = 0; i < 25; i++) {
            Response response = http.get("/one-shot");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("once");
        }
    }

    @Test
    void headRequestsAnswerWithoutABody() {
        Response head = http.exchange(HttpMethod.HEAD, "/echo/x", h -> { }, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("x-echo-method")).isEqualTo("HEAD");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void mockAnswersFromTheGateway() {
        Response response = http.get("/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(response.header("x-mock")).isEqualTo("yes");
        assertThat(response.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void unmatchedRoutesAnswerPerApiType() {
        Response http404 = http.get("/nothing/here");
        assertThat(http404.status()).isEqualTo(404);
        assertThat(http404.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(http404.header("x-amzn-ErrorType")).isNull();
        Response wrongMethod = http.exchange(HttpMethod.DELETE, "/health", h -> { }, null);
        assertThat(wrongMethod.status()).isEqualTo(404);

        Response rest = http.get("/legacy/prod/nothing");
        assertThat(rest.status()).isEqualTo(403);
        assertThat(rest.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(rest.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(rest.header("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void restStagesAreSelectedByPath() {
        assertThat(http.get("/legacy/prod/pets/1").header("x-echo-uri")).isEqualTo("/echo/prod/pets/1");
        assertThat(http.get("/legacy/dev/pets/1").header("x-echo-uri")).isEqualTo("/echo/dev/pets/1");
        assertThat(http.get("/legacy/test/pets/1").status()).isEqualTo(404);
    }

    @Test
    void defaultRouteCatchesTheRestOfItsApi() {
        assertThat(http.get("/fb/known").body()).isEqualTo("known");
        assertThat(http.get("/fb/a/b?c=d").header("x-echo-uri")).isEqualTo("/echo/default/a/b?c=d");
    }
}
