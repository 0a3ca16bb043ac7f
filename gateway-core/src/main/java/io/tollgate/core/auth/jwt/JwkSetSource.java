package io.tollgate.core.auth.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An issuer's JWK set, fetched without blocking and cached: refreshed after {@code ttl}, and when a token names a key
 * the set does not have (the issuer rotated its keys) at most once per {@code minRefresh}, however many such tokens
 * arrive, so forged {@code kid}s cannot make the gateway fetch per request. Concurrent fetches are coalesced; a
 * failed refresh keeps the last good set. The JWK set's address is the configured one, or discovered once from the
 * issuer's {@code /.well-known/openid-configuration}.
 */
final class JwkSetSource implements Function<SignedJWT, Flux<JWK>> {

    private static final int MAX_DOCUMENT = 512 * 1024;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Mono<URI> location;
    private final LongSupplier nanoTime;
    private final long ttlNanos;
    private final long minRefreshNanos;
    private volatile Snapshot snapshot = new Snapshot(null, Long.MIN_VALUE / 2);
    private volatile @Nullable Mono<Snapshot> inflight;

    /** {@code set} is null until a first fetch succeeds. */
    private record Snapshot(@Nullable JWKSet set, long fetchedAt) {
    }

    JwkSetSource(HttpClient client, @Nullable URI jwkSetUri, URI issuer, LongSupplier nanoTime, Duration ttl,
                 Duration minRefresh) {
        this.client = client;
        this.location = jwkSetUri != null ? Mono.just(jwkSetUri) : discover(issuer).cache(
                uri -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
        this.nanoTime = nanoTime;
        this.ttlNanos = ttl.toNanos();
        this.minRefreshNanos = minRefresh.toNanos();
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        Snapshot current = snapshot;
        long now = nanoTime.getAsLong();
        if (current.set() != null && now - current.fetchedAt() < ttlNanos) {
            List<JWK> keys = selector.select(current.set());
            if (!keys.isEmpty() || now - current.fetchedAt() < minRefreshNanos) {
                return Flux.fromIterable(keys);
            }
        }
        return refresh(current).flatMapMany(fresh -> Flux.fromIterable(selector.select(fresh.set())));
    }

    /** A fetch started after {@code seen} was current, shared by everyone who asks meanwhile. */
    private synchronized Mono<Snapshot> refresh(Snapshot seen) {
        if (snapshot != seen) {
            return Mono.just(snapshot);
        }
        Mono<Snapshot> running = inflight;
        if (running == null) {
            running = fetch()
                    .map(set -> new Snapshot(set, nanoTime.getAsLong()))
                    .onErrorResume(error -> seen.set() == null ? Mono.error(error)
                            // keep the last good set; try again after minRefresh
                            : Mono.just(new Snapshot(seen.set(), nanoTime.getAsLong() - ttlNanos + minRefreshNanos)))
                    .doOnNext(fresh -> snapshot = fresh)
                    .doFinally(signal -> inflight = null)
                    .cache();
            inflight = running;
        }
        return running;
    }

    private Mono<JWKSet> fetch() {
        return location.flatMap(uri -> get(uri)).map(text -> {
            try {
                return JWKSet.parse(text);
            } catch (ParseException e) {
                throw new JwkSetUnavailableException("the JWK set is not valid JSON: " + e.getMessage());
            }
        });
    }

    private Mono<URI> discover(URI issuer) {
        String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
        return get(URI.create(base + ".well-known/openid-configuration")).map(text -> {
            try {
                Object jwks = JSONObjectUtils.parse(text).get("jwks_uri");
                if (!(jwks instanceof String uri)) {
                    throw new JwkSetUnavailableException("the OpenID configuration of " + issuer + " has no jwks_uri");
                }
                return URI.create(uri);
            } catch (ParseException | IllegalArgumentException e) {
                throw new JwkSetUnavailableException("the OpenID configuration of " + issuer + " is not valid: "
                        + e.getMessage());
            }
        });
    }

    private Mono<String> get(URI uri) {
        return client.headers(headers -> headers.set(HttpHeaderNames.ACCEPT, "application/json"))
                .get().uri(uri)
                .responseSingle((response, body) -> response.status().code() != 200
                        ? body.then(Mono.error(new JwkSetUnavailableException(uri + " answered " + response.status().code())))
                        : body.asByteArray().filter(bytes -> bytes.length <= MAX_DOCUMENT)
                                .switchIfEmpty(Mono.error(() -> new JwkSetUnavailableException(uri + " sent an empty or"
                                        + " oversized document")))
                                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)))
                .timeout(FETCH_TIMEOUT)
                .onErrorMap(error -> !(error instanceof JwkSetUnavailableException),
                        error -> new JwkSetUnavailableException("fetching " + uri + " failed: " + error));
    }

    /** The keys could not be fetched: a configuration or availability problem, not the caller's. */
    static final class JwkSetUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        JwkSetUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
