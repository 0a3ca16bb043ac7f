package io.tollgate.core.pipeline;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.Objects;

/**
 * What a gateway being built shares with its features.
 *
 * @param httpClient the client of everything that calls out: integrations, JWK set fetches
 * @param clock      the clock of {@code $context.requestTime} and of token expiry checks
 * @param ticker     the time source of caches (authorizer decisions, JWK sets, stage caches); tests pass a fake one
 */
public record GatewayResources(HttpClient httpClient, Clock clock, Ticker ticker) {

    public GatewayResources {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ticker, "ticker");
    }
}
