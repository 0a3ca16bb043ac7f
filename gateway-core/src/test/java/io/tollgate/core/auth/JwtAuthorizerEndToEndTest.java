package io.tollgate.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import io.tollgate.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** JWT authorizers end to end: a real issuer serving its JWK set, tokens good and forged, scopes, claims passed on. */
class JwtAuthorizerEndToEndTest {

    private static final AtomicInteger INVOCATIONS = new AtomicInteger();
    private static final AtomicReference<Object> LAST_EVENT = new AtomicReference<>();
    private static final AtomicLong NANOS = new AtomicLong(1_000_000_000L);

    private static TestIssuer issuer;
    private static TestIssuer down;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer();
        down = new TestIssuer();
        down.failing(true);
        GatewayFunction who = (event, context) -> {
            INVOCATIONS.incrementAndGet();
            LAST_EVENT.set(event);
            return Mono.just(Map.of("statusCode", 200, "body", "ok"));
        };
        IntegrationSpec claims = IntegrationSpec.ofType("MOCK").requestTemplate("application/json", "{\"statusCode\": 200}")
                .integrationResponse(IntegrationResponseSpec.status(200).responseTemplate("application/json",
                        "$context.authorizer.claims.sub|$context.authorizer.claims.scope|$context.authorizer.principalId"));
        Api api = Api.builder("jwt").basePath("/jwt")
                .authorizer(new AuthorizerSpec("pets", "JWT").issuer(issuer.issuer()).jwkSetUri(issuer.jwkSetUri())
                        .audiences(List.of("petstore", "other")))
                .authorizer(new AuthorizerSpec("discovered", "JWT").issuer(issuer.issuer()).audiences(List.of("petstore"))
                        .identitySources(List.of("$request.header.X-Token")))
                .authorizer(new AuthorizerSpec("broken", "JWT").issuer(down.issuer()).jwkSetUri(down.jwkSetUri())
                        .audiences(List.of("petstore")))
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.function("who")).authorizer("pets"))
                .route(new RouteSpec("GET /scoped", IntegrationSpec.function("who")).authorizer("pets")
                        .authorizationScopes(List.of("pets:read", "pets:admin")))
                .route(new RouteSpec("GET /discovered", IntegrationSpec.function("who")).authorizer("discovered"))
                .route(new RouteSpec("GET /broken", IntegrationSpec.function("who")).authorizer("broken"))
                .route("GET /open", IntegrationSpec.function("who"))
                .build();
        Api rest = Api.builder("rest").type(ApiType.REST).basePath("/rest")
                .authorizer(new AuthorizerSpec("pets", "JWT").issuer(issuer.issuer()).jwkSetUri(issuer.jwkSetUri())
                        .audiences(List.of("petstore")))
                .route(new RouteSpec("GET /claims", claims).authorizer("pets"))
                .route(new RouteSpec("GET /v1", IntegrationSpec.function("who")).authorizer("pets"))
                .build();
        Api guarded = Api.builder("guarded").basePath("/guarded")
                .cors(new CorsConfiguration(List.of("https://app.example"), List.of("*"), List.of("*"), List.of(), null, false))
                .resourcePolicy(new ResourcePolicy(List.of(), List.of("127.0.0.2"), List.of("127.0.0.1")))
                .authorizer(new AuthorizerSpec("pets", "JWT").issuer(issuer.issuer()).jwkSetUri(issuer.jwkSetUri())
                        .audiences(List.of("petstore")))
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.function("who")).authorizer("pets"))
                .build();
        Gateway gateway = Gateway.builder().api(api).api(rest).api(guarded).ticker(NANOS::get)
                .feature(new FunctionFeature(name -> Optional.of(who))).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
        down.close();
    }

    private static TestHttp.Response get(String path, String header, String value) {
        return http.exchange(HttpMethod.GET, path, h -> {
            if (value != null) {
                h.set(header, value);
            }
        }, null);
    }

    private static TestHttp.Response bearer(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    private static void assertUnauthorized(TestHttp.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(response.header("www-authenticate")).startsWith("Bearer");
    }

    @Test
    void aValidTokenPassesItsClaimsAndScopesToTheIntegration() {
        String token = issuer.token("petstore", c -> c.claim("scope", "pets:read pets:write"));
        TestHttp.Response response = bearer("/jwt/pets/7", token);
        assertThat(response.status()).isEqualTo(200);
        Map<?, ?> context = (Map<?, ?>) ((Map<?, ?>) LAST_EVENT.get()).get("requestContext");
        Map<?, ?> jwt = (Map<?, ?>) ((Map<?, ?>) context.get("authorizer")).get("jwt");
        Map<?, ?> claims = (Map<?, ?>) jwt.get("claims");
        assertThat(claims.get("sub")).isEqualTo("alice");
        assertThat(claims.get("aud")).isEqualTo("[petstore]");
        assertThat(claims.get("iss")).isEqualTo(issuer.issuer());
        assertThat((String) claims.get("exp")).matches("\\d{10}");
        assertThat(jwt.get("scopes")).isEqualTo(List.of("pets:read", "pets:write"));
        // without the Bearer prefix too, as AWS accepts
        assertThat(get("/jwt/pets/7", "Authorization", token).status()).isEqualTo(200);
    }

    @Test
    void claimsReachTemplatesAndPayload1Events() {
        String token = issuer.token("petstore", c -> c.claim("scope", "pets:read"));
        TestHttp.Response response = bearer("/rest/claims", token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("alice|pets:read|alice");
        assertThat(bearer("/rest/v1", token).status()).isEqualTo(200);
        Map<?, ?> context = (Map<?, ?>) ((Map<?, ?>) LAST_EVENT.get()).get("requestContext");
        Map<?, ?> authorizer = (Map<?, ?>) context.get("authorizer");
        assertThat(((Map<?, ?>) authorizer.get("claims")).get("sub")).isEqualTo("alice");
        assertThat(authorizer.get("scopes")).isEqualTo(List.of("pets:read"));
    }

    @Test
    void missingOrEmptyTokensAreRefusedWithoutReachingTheIntegration() {
        int before = INVOCATIONS.get();
        assertUnauthorized(get("/jwt/pets/7", "Authorization", null));
        assertUnauthorized(get("/jwt/pets/7", "Authorization", "Bearer "));
        assertUnauthorized(get("/jwt/pets/7", "Authorization", "Bearer not-a-jwt"));
        assertUnauthorized(get("/jwt/pets/7", "Authorization", "Basic YWxpY2U6c2VjcmV0"));
        assertThat(INVOCATIONS.get()).isEqualTo(before);
        assertThat(get("/jwt/open", "Authorization", null).status()).isEqualTo(200);
    }

    @Test
    void expiryNotBeforeIssuerAndAudienceAreChecked() {
        Instant now = Instant.now();
        int before = INVOCATIONS.get();
        assertUnauthorized(bearer("/jwt/pets/1", issuer.token("petstore", c -> c.expirationTime(Date.from(now.minusSeconds(120))))));
        assertUnauthorized(bearer("/jwt/pets/1", issuer.token("petstore", c -> c.notBeforeTime(Date.from(now.plusSeconds(300))))));
        assertUnauthorized(bearer("/jwt/pets/1", issuer.token("petstore", c -> c.expirationTime(null))));
        assertUnauthorized(bearer("/jwt/pets/1", issuer.token("petstore", c -> c.issuer("https://evil.example"))));
        assertUnauthorized(bearer("/jwt/pets/1", issuer.token("someone-else", c -> { })));
        assertThat(INVOCATIONS.get()).isEqualTo(before);
        // within the 60 s clock skew
        assertThat(bearer("/jwt/pets/1", issuer.token("petstore", c -> c
                .issueTime(Date.from(now.minusSeconds(80))).expirationTime(Date.from(now.minusSeconds(20)))))
                .status()).isEqualTo(200);
        // client_id is accepted as the audience, as AWS does
        assertThat(bearer("/jwt/pets/1", issuer.token("nobody", c -> c.claim("client_id", "other"))).status()).isEqualTo(200);
    }

    @Test
    void aTokenWithoutTheRouteScopeIsForbidden() {
        TestHttp.Response response = bearer("/jwt/scoped", issuer.token("petstore", c -> c.claim("scope", "pets:write")));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(response.header("www-authenticate")).contains("insufficient_scope");
        assertThat(bearer("/jwt/scoped", issuer.token("petstore", c -> { })).status()).isEqualTo(403);
        assertThat(bearer("/jwt/scoped", issuer.token("petstore", c -> c.claim("scope", "x pets:admin"))).status()).isEqualTo(200);
        assertThat(bearer("/jwt/scoped", issuer.token("petstore", c -> c.claim("scp", List.of("pets:read")))).status()).isEqualTo(200);
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        String good = issuer.token("petstore", c -> { });
        String[] parts = good.split("\\.");
        int before = INVOCATIONS.get();
        // alg: none
        String none = b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        assertUnauthorized(bearer("/jwt/pets/1", none));
        // HS256 "signed" with the issuer's public key as the HMAC secret
        JWTClaimsSet claims = issuer.claims("petstore").build();
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims);
        hs.sign(new MACSigner(issuer.rsaKey().toPublicJWK().toRSAPublicKey().getEncoded()));
        assertUnauthorized(bearer("/jwt/pets/1", hs.serialize()));
        // tampered payload, signature kept
        String tampered = parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("alice", "admin")) + "." + parts[2];
        assertUnauthorized(bearer("/jwt/pets/1", tampered));
        // signed by a key the issuer does not publish, under the issuer's kid
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertUnauthorized(bearer("/jwt/pets/1", TestIssuer.sign(stranger, JWSAlgorithm.RS256, claims)));
        // the RSA key used with another algorithm than it declares
        assertUnauthorized(bearer("/jwt/pets/1", TestIssuer.sign(issuer.rsaKey(), JWSAlgorithm.RS512, claims)));
        // ES256 with r = s = 0 ("psychic signatures")
        String es = TestIssuer.sign(issuer.ecKey(), JWSAlgorithm.ES256, claims);
        String[] esParts = es.split("\\.");
        assertUnauthorized(bearer("/jwt/pets/1", esParts[0] + "." + esParts[1] + "." + Base64URL.encode(new byte[64])));
        assertThat(INVOCATIONS.get()).isEqualTo(before);
        // the genuine ES256 token is fine
        assertThat(bearer("/jwt/pets/1", es).status()).isEqualTo(200);
    }

    @Test
    void unknownKeyIdsDoNotMakeTheGatewayFetchKeysPerRequest() throws JOSEException {
        assertThat(bearer("/jwt/pets/1", issuer.token("petstore", c -> { })).status()).isEqualTo(200);
        NANOS.addAndGet(Duration.ofSeconds(31).toNanos());
        int fetches = issuer.jwkSetFetches();
        for (int i = 0; i < 20; i++) {
            RSAKey random = new RSAKeyGenerator(2048).keyID("kid-" + i).generate();
            assertUnauthorized(bearer("/jwt/pets/1", TestIssuer.sign(random, JWSAlgorithm.RS256, issuer.claims("petstore").build())));
        }
        assertThat(issuer.jwkSetFetches() - fetches).isLessThanOrEqualTo(1);
        // a rotated key is picked up once the refresh interval has passed
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").algorithm(JWSAlgorithm.RS256).generate();
        issuer.publish(rotated);
        NANOS.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(bearer("/jwt/pets/1", TestIssuer.sign(rotated, JWSAlgorithm.RS256, issuer.claims("petstore").build())).status())
                .isEqualTo(200);
    }

    @Test
    void keysAreDiscoveredFromTheIssuerAndReadFromTheConfiguredHeader() {
        String token = issuer.token("petstore", c -> { });
        assertThat(get("/jwt/discovered", "X-Token", "Bearer " + token).status()).isEqualTo(200);
        assertUnauthorized(bearer("/jwt/discovered", token));
    }

    @Test
    void preflightsPassAuthorizersAndRefusalsCarryCorsHeaders() {
        TestHttp.Response preflight = http.exchange(HttpMethod.OPTIONS, "/guarded/pets/1", h -> h
                .set("origin", "https://app.example").set("access-control-request-method", "GET"), null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).isEqualTo("https://app.example");
        TestHttp.Response refused = http.exchange(HttpMethod.GET, "/guarded/pets/1", h -> h.set("origin", "https://app.example"), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("access-control-allow-origin")).isEqualTo("https://app.example");
    }

    @Test
    void theResourcePolicyRunsBeforeTheAuthorizer() {
        int before = INVOCATIONS.get();
        TestHttp.Response denied = http.exchange(HttpMethod.GET, "/guarded/pets/1", h -> h.set("x-forwarded-for", "127.0.0.2"), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("with an explicit deny");
        TestHttp.Response deniedWithToken = http.exchange(HttpMethod.GET, "/guarded/pets/1", h -> h
                .set("x-forwarded-for", "127.0.0.2").set("authorization", issuer.token("petstore", c -> { })), null);
        assertThat(deniedWithToken.status()).isEqualTo(403);
        assertThat(INVOCATIONS.get()).isEqualTo(before);
        assertThat(bearer("/guarded/pets/1", issuer.token("petstore", c -> { })).status()).isEqualTo(200);
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedIsAServerError() {
        TestHttp.Response response = bearer("/jwt/broken", down.token("petstore", c -> { }));
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
