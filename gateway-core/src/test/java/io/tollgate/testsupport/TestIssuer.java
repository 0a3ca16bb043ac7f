package io.tollgate.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A token issuer for tests: RSA and EC keys, its JWK set and OpenID configuration served on a local port (fetches
 * counted; it can be made to fail), and tokens minted with any claims.
 */
public final class TestIssuer implements AutoCloseable {

    private final List<JWK> keys = new ArrayList<>();
    private final RSAKey rsa;
    private final ECKey ec;
    private final DisposableServer server;
    private final AtomicInteger jwkSetFetches = new AtomicInteger();
    private volatile boolean failing;

    public TestIssuer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        keys.add(rsa.toPublicJWK());
        keys.add(ec.toPublicJWK());
        server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/jwks.json", (request, response) -> {
                    jwkSetFetches.incrementAndGet();
                    if (failing) {
                        return response.status(503).send();
                    }
                    return response.header("content-type", "application/json")
                            .sendString(Mono.fromSupplier(() -> new JWKSet(List.copyOf(keys)).toString()));
                })
                .get("/.well-known/openid-configuration", (request, response) -> response
                        .header("content-type", "application/json")
                        .sendString(Mono.just("{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri() + "\"}"))))
                .bindNow();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    public String jwkSetUri() {
        return issuer() + "/jwks.json";
    }

    public RSAKey rsaKey() {
        return rsa;
    }

    public ECKey ecKey() {
        return ec;
    }

    /** How many times the JWK set was fetched. */
    public int jwkSetFetches() {
        return jwkSetFetches.get();
    }

    /** Makes the JWK set answer 503 (or work again). */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** Publishes one more key (as an issuer rotating its keys does). */
    public void publish(JWK key) {
        keys.add(key.toPublicJWK());
    }

    /** Claims of a token valid for a minute for audience {@code aud}, subject {@code alice}. */
    public JWTClaimsSet.Builder claims(String aud) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(aud).subject("alice")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(60)));
    }

    /** A token signed RS256 with the RSA key, its claims adjusted by {@code claims}. */
    public String token(String aud, Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = claims(aud);
        claims.accept(builder);
        return sign(rsa, JWSAlgorithm.RS256, builder.build());
    }

    /** A token with these claims signed with {@code key} (its {@code kid} in the header). */
    public static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
            jwt.sign(key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as a map, for hand-made tokens. */
    public Map<String, Object> claimsMap(String aud) {
        return claims(aud).build().toJSONObject();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
