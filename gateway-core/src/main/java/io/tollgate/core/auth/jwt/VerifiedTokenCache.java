package io.tollgate.core.auth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Tokens already verified, so a client sending the same token again costs a lookup, not a signature check (an RSA
 * verification costs far more than proxying the request). The key is the whole token, signature included, so any
 * change misses; the time claims are checked again on every use; entries live no longer than the JWK set they were
 * verified with ({@link JwtDecoders#JWK_SET_TTL}). Bounded in entries.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    /** The most tokens kept (tokens are typically under 1 KB: a few MB at most). */
    static final long MAX_TOKENS = 10_000;

    private final ReactiveJwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> timestamps, Duration ttl, Ticker ticker) {
        this.decoder = decoder;
        this.timestamps = timestamps;
        this.verified = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(MAX_TOKENS).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            return decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
        }
        OAuth2TokenValidatorResult result = timestamps.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            @SuppressWarnings("NullAway") // the timestamp validator describes every error it reports
            BadJwtException expired = new BadJwtException(result.getErrors().iterator().next().getDescription());
            return Mono.error(expired);
        }
        return Mono.just(known);
    }
}
