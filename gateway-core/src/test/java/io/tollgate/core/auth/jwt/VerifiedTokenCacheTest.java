package io.tollgate.core.auth.jwt;

import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Verified tokens are remembered by their whole text, their time claims checked on every use. */
class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger verifications = new AtomicInteger();

    /** A stand-in for the signature check: every token "verifies", expiring at T0 + 10 min. */
    private final ReactiveJwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                .issuedAt(T0).expiresAt(T0.plus(Duration.ofMinutes(10))).build());
    };

    private final ReactiveJwtDecoder cached = JwtDecoders.cached(verifier, new JwtAuthorizer("a", URI.create("https://i"),
            null, List.of("x"), "authorization", Duration.ofSeconds(60)), clock, nanos::get);

    @Test
    void aTokenSeenAgainIsNotVerifiedAgain() {
        StepVerifier.create(cached.decode("token-1")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(cached.decode("token-1")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(verifications).hasValue(1);
        // a different text (another signature, a tampered payload) is verified for itself
        StepVerifier.create(cached.decode("token-1x")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRememberedTokenStillExpires() {
        StepVerifier.create(cached.decode("token-2")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        clock.set(T0.plus(Duration.ofMinutes(10)).plusSeconds(61));
        StepVerifier.create(cached.decode("token-2")).expectError(BadJwtException.class).verify(Duration.ofSeconds(10));
        assertThat(verifications).hasValue(1);
    }

    @Test
    void rememberedTokensAreVerifiedAgainAfterTheJwkSetLifetime() {
        StepVerifier.create(cached.decode("token-3")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        nanos.addAndGet(JwtDecoders.JWK_SET_TTL.toNanos() + 1);
        StepVerifier.create(cached.decode("token-3")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(verifications).hasValue(2);
    }
}
