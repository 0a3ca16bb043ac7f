package io.tollgate.core.server;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.integration.ForwardedHeaders;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $context} values as mappings see them, and the RFC 7239 {@code Forwarded} mode. */
class ContextAndForwardedTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

    private static TestBackend backend;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        backend = new TestBackend();
        IntegrationSpec echo = IntegrationSpec.httpProxy("${stageVariables.backend}/echo/{id}");
        String[] variables = {"apiId", "domainName", "domainPrefix", "httpMethod", "identity.sourceIp",
                "identity.userAgent", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch",
                "resourcePath", "routeKey", "stage", "extendedRequestId"};
        for (String variable : variables) {
            echo.requestParameter("overwrite:header.x-ctx-" + variable.replace('.', '-'), "$context." + variable);
        }
        echo.requestParameter("overwrite:header.x-stage-var", "$stageVariables.flavour");
        echo.requestParameter("overwrite:header.x-path", "$request.path");
        echo.requestParameter("overwrite:header.x-query", "${request.querystring.tag}");
        echo.requestParameter("overwrite:header.x-missing", "[$request.header.nope]");
        Api api = Api.builder("catalog").id("a1b2c3").type(ApiType.REST).basePath("/v1")
                .stage("prod", Map.of("backend", backend.url(), "flavour", "vanilla"))
                .route("GET /things/{id}", echo)
                .build();
        Gateway gateway = Gateway.builder().api(api).feature(new HttpIntegrationFeature(ForwardedHeaders.FORWARDED, null))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    @Test
    void contextVariablesAreFilledAsAwsFillsThem() {
        TestHttp.Response r = http.exchange(HttpMethod.GET, "/v1/prod/things/42?tag=a&tag=b%20c",
                h -> h.set("host", "shop.example.com:8443").set("user-agent", "curl/8"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-echo-h-x-ctx-apiid")).isEqualTo("a1b2c3");
        assertThat(r.header("x-echo-h-x-ctx-domainname")).isEqualTo("shop.example.com");
        assertThat(r.header("x-echo-h-x-ctx-domainprefix")).isEqualTo("shop");
        assertThat(r.header("x-echo-h-x-ctx-httpmethod")).isEqualTo("GET");
        assertThat(r.header("x-echo-h-x-ctx-identity-sourceip")).isEqualTo("127.0.0.1");
        assertThat(r.header("x-echo-h-x-ctx-identity-useragent")).isEqualTo("curl/8");
        assertThat(r.header("x-echo-h-x-ctx-path")).isEqualTo("/v1/prod/things/42");
        assertThat(r.header("x-echo-h-x-ctx-protocol")).isEqualTo("HTTP/1.1");
        assertThat(r.header("x-echo-h-x-ctx-requestid")).isEqualTo(r.header("x-amzn-RequestId"));
        assertThat(r.header("x-echo-h-x-ctx-requesttime")).isEqualTo("04/Mar/2026:05:06:07 +0000");
        assertThat(r.header("x-echo-h-x-ctx-requesttimeepoch")).isEqualTo(Long.toString(NOW.toEpochMilli()));
        assertThat(r.header("x-echo-h-x-ctx-resourcepath")).isEqualTo("/things/{id}");
        assertThat(r.header("x-echo-h-x-ctx-routekey")).isEqualTo("GET /things/{id}");
        assertThat(r.header("x-echo-h-x-ctx-stage")).isEqualTo("prod");
        assertThat(r.header("x-echo-h-x-ctx-extendedrequestid")).hasSize(16);
        assertThat(r.header("x-echo-h-x-stage-var")).isEqualTo("vanilla");
        assertThat(r.header("x-echo-h-x-path")).isEqualTo("/things/42");
        assertThat(r.header("x-echo-h-x-query")).isEqualTo("a,b c");
        assertThat(r.header("x-echo-h-x-missing")).isEqualTo("[]");
    }

    @Test
    void forwardedModeAppendsAnRfc7239Element() {
        TestHttp.Response r = http.exchange(HttpMethod.GET, "/v1/prod/things/1",
                h -> h.set("host", "shop.example.com").set("forwarded", "for=192.0.2.60;proto=https"), null);
        assertThat(r.header("x-echo-h-forwarded"))
                .isEqualTo("for=192.0.2.60;proto=https, for=127.0.0.1;proto=http;host=\"shop.example.com\"");
        assertThat(r.header("x-echo-h-x-forwarded-for")).isNull();
    }

    @Test
    void requestIdsAreUniqueUuids() {
        String first = http.get("/v1/prod/things/1").header("x-amzn-RequestId");
        String second = http.get("/v1/prod/things/1").header("x-amzn-RequestId");
        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(second).isNotEqualTo(first);
    }
}
