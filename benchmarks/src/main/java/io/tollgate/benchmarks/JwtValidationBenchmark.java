package io.tollgate.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.auth.jwt.JwtDecoders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JWT authorizer's work per request: parsing, verifying the signature (RS256 with a 2048-bit key, ES256 on P-256)
 * and validating the claims, with the keys already cached (as after the first request); and a token seen before,
 * which the gateway's authorizer does not verify again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtValidationBenchmark {

    private ReactiveJwtDecoder decoder;
    private ReactiveJwtDecoder cached;
    private String rs256;
    private String es256;

    @Setup
    public void setUp() throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").algorithm(JWSAlgorithm.RS256).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").algorithm(JWSAlgorithm.ES256).generate();
        JWKSet keys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
        JwtAuthorizer authorizer = new JwtAuthorizer("bench", URI.create("https://issuer.example"), null,
                List.of("petstore"), "authorization", Duration.ofSeconds(60));
        decoder = JwtDecoders.create(authorizer,
                jwt -> Flux.fromIterable(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(keys)),
                Clock.systemUTC());
        cached = JwtDecoders.cached(decoder, authorizer, Clock.systemUTC(), System::nanoTime);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://issuer.example").audience("petstore")
                .subject("alice").claim("scope", "pets:read").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build();
        rs256 = sign(rsa, JWSAlgorithm.RS256, claims, new RSASSASigner(rsa));
        es256 = sign(ec, JWSAlgorithm.ES256, claims, new ECDSASigner(ec));
    }

    private static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public Jwt rs256() {
        return decoder.decode(rs256).block();
    }

    /** The same RS256 token again: the gateway remembers verified tokens, so only the time claims are checked. */
    @Benchmark
    public Jwt rs256Again() {
        return cached.decode(rs256).block();
    }

    @Benchmark
    public Jwt es256() {
        return decoder.decode(es256).block();
    }
}
