package io.tollgate.core.policy;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resource policies on client addresses, with and without trusted proxies, against a real server (peer 127.0.0.1). */
class ResourcePolicyEndToEndTest {

    private static GatewayServer server;
    private static TestHttp http;
    private static io.tollgate.testsupport.TestBackend backend;

    private static IntegrationSpec whoAmI() {
        return IntegrationSpec.ofType("MOCK").requestTemplate("application/json", "{\"statusCode\": 200}")
                .integrationResponse(IntegrationResponseSpec.status(200)
                        .responseTemplate("application/json", "$context.identity.sourceIp"));
    }

    @BeforeAll
    static void start() {
        Api denied = Api.builder("denied").basePath("/denied")
                .resourcePolicy(new ResourcePolicy(List.of(), List.of("127.0.0.0/8", "::1/128"), List.of()))
                .route("GET /x", whoAmI()).build();
        backend = new io.tollgate.testsupport.TestBackend();
        Api proxied = Api.builder("proxied").basePath("/proxied")
                .resourcePolicy(new ResourcePolicy(List.of("10.0.0.0/8"), List.of("10.66.0.0/16"), List.of("127.0.0.1/32")))
                .route("GET /x", whoAmI())
                .route("GET /echo", IntegrationSpec.httpProxy(backend.url() + "/echo"))
                .build();
        Api direct = Api.builder("direct").basePath("/direct")
                .resourcePolicy(new ResourcePolicy(List.of("10.0.0.0/8"), List.of(), List.of()))
                .route("GET /x", whoAmI()).build();
        Api open = Api.builder("open").basePath("/open")
                .resourcePolicy(new ResourcePolicy(List.of("127.0.0.1", "::1"), List.of(), List.of()))
                .route("GET /x", whoAmI()).build();
        Gateway gateway = Gateway.builder().api(denied).api(proxied).api(direct).api(open).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    private static TestHttp.Response get(String path, String forwardedFor) {
        return http.exchange(HttpMethod.GET, path, h -> {
            if (forwardedFor != null) {
                h.set("x-forwarded-for", forwardedFor);
            }
        }, null);
    }

    @Test
    void anExplicitDenyRefusesEvenUnmatchedRequests() {
        TestHttp.Response r = get("/denied/x", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("is not authorized to perform: execute-api:Invoke on resource: ")
                .contains("/$default/GET/x with an explicit deny");
        assertThat(get("/denied/nothing", null).status()).isEqualTo(403);
    }

    @Test
    void anAllowListAdmitsOnlyItsAddresses() {
        TestHttp.Response r = get("/open/x", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        TestHttp.Response spoofed = get("/direct/x", "10.0.0.1");
        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(spoofed.body()).doesNotContain("explicit deny");
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedAddressIsTheClient() {
        TestHttp.Response allowed = get("/proxied/x", "203.0.113.9, 10.1.2.3");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("10.1.2.3");
        assertThat(get("/proxied/x", "10.1.2.3, 203.0.113.9").status()).isEqualTo(403);
        assertThat(get("/proxied/x", "10.66.1.1").status()).isEqualTo(403);
        assertThat(get("/proxied/x", null).status()).isEqualTo(403);
        // the backend's X-Forwarded-For gains this hop's peer, not the client found behind it
        assertThat(get("/proxied/echo", "203.0.113.9, 10.1.2.3").header("x-echo-h-x-forwarded-for"))
                .isEqualTo("203.0.113.9, 10.1.2.3, 127.0.0.1");
    }

    @Test
    void invalidEntriesAreRejected() {
        assertThatThrownBy(() -> Api.builder("a").resourcePolicy(new ResourcePolicy(List.of("10.0.0.0/33"),
                List.of("example.com"), List.of("::1/200"))).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("resource-policy.allow[0]")
                .hasMessageContaining("resource-policy.deny[0]")
                .hasMessageContaining("resource-policy.trusted-proxies[0]");
    }
}
