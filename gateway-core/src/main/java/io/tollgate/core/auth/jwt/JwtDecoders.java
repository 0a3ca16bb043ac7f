package io.tollgate.core.auth.jwt;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.SignedJWT;
import io.tollgate.core.api.auth.JwtAuthorizer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Builds the decoder of a JWT authorizer: Spring Security's {@link NimbusReactiveJwtDecoder} verifying signatures
 * with the issuer's keys ({@link JwkSetSource}) and only asymmetric algorithms (RS, PS, ES: an HS256 token "signed"
 * with a public key, or {@code alg: none}, is refused), the key's type, {@code kid} and declared {@code alg} pinning
 * which key verifies; then {@code iss}, the audience ({@code aud}, or {@code client_id} as AWS accepts), a required
 * {@code exp} and {@code nbf} within the clock skew. Tokens verified once are remembered ({@link VerifiedTokenCache}).
 */
public final class JwtDecoders {

    /** How long a JWK set is used before it is fetched again. */
    static final Duration JWK_SET_TTL = Duration.ofMinutes(5);
    /** The least time between two fetches caused by unknown keys. */
    static final Duration JWK_SET_MIN_REFRESH = Duration.ofSeconds(30);

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private JwtDecoders() {
    }

    /** The decoder of {@code authorizer}, fetching keys with {@code client}; {@code clock} judges exp and nbf. */
    public static ReactiveJwtDecoder create(JwtAuthorizer authorizer, HttpClient client, Clock clock, LongSupplier nanoTime) {
        return cached(create(authorizer, new JwkSetSource(client, authorizer.jwkSetUri(), authorizer.issuer(), nanoTime,
                JWK_SET_TTL, JWK_SET_MIN_REFRESH), clock), authorizer, clock, nanoTime::getAsLong);
    }

    /**
     * {@code decoder} remembering the tokens it verified ({@link VerifiedTokenCache}): a token seen again has its
     * time claims checked, not its signature.
     */
    public static ReactiveJwtDecoder cached(ReactiveJwtDecoder decoder, JwtAuthorizer authorizer, Clock clock, Ticker ticker) {
        return new VerifiedTokenCache(decoder, timestamps(authorizer, clock), JWK_SET_TTL, ticker);
    }

    private static JwtTimestampValidator timestamps(JwtAuthorizer authorizer, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(authorizer.clockSkew());
        timestamps.setClock(clock);
        timestamps.setAllowEmptyExpiryClaim(false);
        return timestamps;
    }

    /** The decoder of {@code authorizer} with keys from {@code keys} (the candidates for a token's header). */
    public static ReactiveJwtDecoder create(JwtAuthorizer authorizer, Function<SignedJWT, Flux<JWK>> keys, Clock clock) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(
                        new JWSVerificationKeySelector<>(ALGORITHMS, new JWKSecurityContextJWKSet())))
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(timestamps(authorizer, clock),
                new JwtIssuerValidator(authorizer.issuer().toString()), audience(authorizer.audiences()))));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> audience(List<String> audiences) {
        OAuth2Error error = new OAuth2Error("invalid_token", "the token does not have a valid audience", null);
        return jwt -> {
            List<String> aud = jwt.getAudience();
            if (aud != null && aud.stream().anyMatch(audiences::contains)) {
                return OAuth2TokenValidatorResult.success();
            }
            Object clientId = jwt.getClaims().get("client_id");
            return clientId instanceof String id && audiences.contains(id) ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(error);
        };
    }
}
