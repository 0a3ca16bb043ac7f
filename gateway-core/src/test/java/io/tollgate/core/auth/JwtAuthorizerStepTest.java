package io.tollgate.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.jwt.JwtAuthorizerStep;
import io.tollgate.core.auth.jwt.JwtDecoders;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.RenderedError;
import io.tollgate.testsupport.MutableClock;
import io.tollgate.testsupport.StubRequest;
import io.tollgate.testsupport.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT authorizer step alone, with its decoder built as the step factory builds it but over a local JWK set (no
 * issuer to fetch from) and a fixed clock: no server, no network.
 */
class JwtAuthorizerStepTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ISSUER = "https://issuer.example";
    private static final RSAKey KEY = rsa("rsa-1");
    private static final JWKSet KEYS = new JWKSet(List.of(KEY.toPublicJWK()));

    private static final Api API = Api.builder("pets")
            .authorizer(new AuthorizerSpec("pets", "JWT").issuer(ISSUER).jwkSetUri(ISSUER + "/jwks.json")
                    .audiences(List.of("petstore", "other")))
            .route(new RouteSpec("GET /pets", IntegrationSpec.mock(200)).authorizer("pets"))
            .route(new RouteSpec("GET /scoped", IntegrationSpec.mock(200)).authorizer("pets")
                    .authorizationScopes(List.of("pets:read", "pets:admin")))
            .build();

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicLong nanos = new AtomicLong();

    private final AtomicInteger nextCalls = new AtomicInteger();
    private final AtomicReference<Authorization> seenByNext = new AtomicReference<>();
    private final ExchangeHandler next = exchange -> {
        nextCalls.incrementAndGet();
        seenByNext.set(exchange.authorization());
        return Mono.just(Reply.of(200, new DefaultHttpHeaders(), new byte[0]));
    };

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The step of {@code route} as the factory makes it, its keys from {@link #KEYS} rather than the JWK set URI. */
    private JwtAuthorizerStep step(Route route) {
        JwtAuthorizer authorizer = (JwtAuthorizer) API.authorizers().get(route.authorization().authorizer());
        ReactiveJwtDecoder decoder = JwtDecoders.cached(JwtDecoders.create(authorizer,
                jwt -> Flux.fromIterable(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(KEYS)), clock),
                authorizer, clock, nanos::get);
        return new JwtAuthorizerStep(authorizer, decoder, route.authorization().scopes());
    }

    private record Run(Reply reply, GatewayExchange exchange) {
    }

    private Run run(int route, String... headers) {
        StubRequest request = StubRequest.get(route == 0 ? "/pets" : "/scoped", headers);
        GatewayExchange exchange = new GatewayExchange(request, RequestPath.parse(request.rawPath()), API,
                API.stages().get(0), null, 0, System.nanoTime());
        Reply reply = step(API.routes().get(route)).apply(exchange, next).block(Duration.ofSeconds(10));
        return new Run(reply, exchange);
    }

    private Run bearer(String token) {
        return run(0, "Authorization", "Bearer " + token);
    }

    /** Claims valid at T0: issuer, audience {@code petstore}, subject {@code alice}, a minute left. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("petstore").subject("alice")
                .issueTime(Date.from(T0.minusSeconds(10))).notBeforeTime(Date.from(T0.minusSeconds(10)))
                .expirationTime(Date.from(T0.plusSeconds(60)));
    }

    private static String token(Consumer<JWTClaimsSet.Builder> adjust) {
        JWTClaimsSet.Builder claims = claims();
        adjust.accept(claims);
        return TestIssuer.sign(KEY, JWSAlgorithm.RS256, claims.build());
    }

    private static String rendered(Reply reply) {
        return RenderedError.body(reply);
    }

    /** 401 Unauthorized with an RFC 6750 invalid_token challenge; nothing recorded, nothing called. */
    private void assertInvalidToken(Run run) {
        assertThat(run.reply().error()).isNotNull();
        assertThat(run.reply().error().type()).isEqualTo(GatewayResponseType.UNAUTHORIZED);
        assertThat(run.reply().status()).isEqualTo(401);
        assertThat(rendered(run.reply())).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(run.reply().headers().get("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(run.exchange().authorization()).isNull();
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void noTokenIsUnauthorizedAndGoesNoFurther() {
        for (Run run : List.of(run(0), run(0, "Authorization", ""), run(0, "X-Token", token(c -> { })))) {
            assertThat(run.reply().error().type()).isEqualTo(GatewayResponseType.UNAUTHORIZED);
            assertThat(run.reply().status()).isEqualTo(401);
            assertThat(rendered(run.reply())).isEqualTo("{\"message\":\"Unauthorized\"}");
            // no token: a bare challenge, no error code (RFC 6750 3.1)
            assertThat(run.reply().headers().get("www-authenticate")).isEqualTo("Bearer");
            assertThat(run.exchange().authorization()).isNull();
        }
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void aValidTokenGoesOnWithItsSubjectClaimsAndScopes() {
        Run run = bearer(token(c -> c.claim("scope", "pets:read pets:write").claim("tenant", "acme")));
        assertThat(run.reply().error()).isNull();
        assertThat(run.reply().status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(1);
        Authorization authorization = run.exchange().authorization();
        assertThat(seenByNext.get()).isSameAs(authorization);
        assertThat(authorization.type()).isEqualTo(AuthorizationType.JWT);
        assertThat(authorization.principalId()).isEqualTo("alice");
        assertThat(authorization.scopes()).containsExactly("pets:read", "pets:write");
        // claims as AWS passes them: strings, times in epoch seconds, lists as [a b]
        assertThat(authorization.claims()).containsEntry("sub", "alice").containsEntry("iss", ISSUER)
                .containsEntry("aud", "[petstore]").containsEntry("tenant", "acme")
                .containsEntry("scope", "pets:read pets:write")
                .containsEntry("exp", Long.toString(T0.plusSeconds(60).getEpochSecond()))
                .containsEntry("iat", Long.toString(T0.minusSeconds(10).getEpochSecond()));
        assertThat(run.exchange().context(ContextVariable.AUTHORIZER, "authorizer.claims.tenant"))
                .isEqualTo("acme");
        assertThat(authorization.usageIdentifierKey()).isNull();
        assertThat(authorization.userArn()).isNull();
    }

    @Test
    void theTokenMayComeWithoutBearerAndTheAudienceAsClientId() {
        String clientIdOnly = token(c -> c.audience((String) null).claim("client_id", "other"));
        Run run = run(0, "Authorization", clientIdOnly);
        assertThat(run.reply().status()).isEqualTo(200);
        assertThat(run.exchange().authorization().principalId()).isEqualTo("alice");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        assertInvalidToken(bearer(token(c -> c.issueTime(Date.from(T0.minusSeconds(3600)))
                .notBeforeTime(Date.from(T0.minusSeconds(3600))).expirationTime(Date.from(T0.minusSeconds(61))))));
    }

    @Test
    void anExpiryWithinTheClockSkewIsStillAccepted() {
        // 60 s of skew by default
        Run run = bearer(token(c -> c.issueTime(Date.from(T0.minusSeconds(3600)))
                .notBeforeTime(Date.from(T0.minusSeconds(3600))).expirationTime(Date.from(T0.minusSeconds(30)))));
        assertThat(run.reply().status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void aTokenWithoutExpiryIsUnauthorized() {
        assertInvalidToken(bearer(token(c -> c.expirationTime(null))));
    }

    @Test
    void aTokenOfAnotherIssuerIsUnauthorized() {
        assertInvalidToken(bearer(token(c -> c.issuer("https://evil.example"))));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        assertInvalidToken(bearer(token(c -> c.audience("someone-else").claim("client_id", "someone-else"))));
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheIssuersKidIsUnauthorized() {
        assertInvalidToken(bearer(TestIssuer.sign(rsa("rsa-1"), JWSAlgorithm.RS256, claims().build())));
    }

    @Test
    void aTamperedPayloadIsUnauthorized() {
        String[] parts = token(c -> { }).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("alice", "admin");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalidToken(bearer(tampered));
    }

    @Test
    void aValidTokenWithoutAnyOfTheRoutesScopesIsForbidden() {
        for (String scope : new String[] {"pets:write", null}) {
            String token = token(c -> c.claim("scope", scope));
            Run run = run(1, "Authorization", "Bearer " + token);
            assertThat(run.reply().error().type()).isEqualTo(GatewayResponseType.ACCESS_DENIED);
            assertThat(run.reply().status()).isEqualTo(403);
            assertThat(rendered(run.reply())).isEqualTo("{\"message\":\"Forbidden\"}");
            assertThat(run.reply().headers().get("www-authenticate"))
                    .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"pets:read pets:admin\"");
            assertThat(run.exchange().authorization()).isNull();
        }
        assertThat(nextCalls).hasValue(0);
        // any one of the route's scopes is enough, in "scope" or in "scp"
        assertThat(run(1, "Authorization", "Bearer " + token(c -> c.claim("scope", "x pets:admin"))).reply().status())
                .isEqualTo(200);
        assertThat(run(1, "Authorization", "Bearer " + token(c -> c.claim("scp", List.of("pets:read")))).reply().status())
                .isEqualTo(200);
        assertThat(nextCalls).hasValue(2);
    }
}
