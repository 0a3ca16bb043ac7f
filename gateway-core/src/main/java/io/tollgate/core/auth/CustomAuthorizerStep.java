package io.tollgate.core.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.IdentitySource;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * A route's custom authorizer, as AWS runs Lambda authorizers: identity sources missing or empty (or a token not
 * matching the validation expression) → 401 without calling the authorizer; otherwise its decision, cached by the
 * identity sources' values and evaluated against each request's ARN, so a cached policy narrower than the API
 * answers 403 on routes it does not cover. {@link UnauthorizedException} → 401; any other failure, invalid output
 * or timeout → 500 AUTHORIZER_FAILURE, never cached; an explicit Deny → 403.
 */
final class CustomAuthorizerStep implements PipelineStep {

    private static final Logger log = LoggerFactory.getLogger(CustomAuthorizerStep.class);
    static final String EXPLICIT_DENY = "User is not authorized to access this resource with an explicit deny";
    static final String NOT_ALLOWED = "User is not authorized to access this resource";

    private final CustomAuthorizer authorizer;
    private final GatewayAuthorizer implementation;
    private final @Nullable AsyncCache<List<String>, Outcome> cache;

    /** {@code cache} is null when results are not cached. */
    CustomAuthorizerStep(CustomAuthorizer authorizer, GatewayAuthorizer implementation,
                          @Nullable AsyncCache<List<String>, Outcome> cache) {
        this.authorizer = authorizer;
        this.implementation = implementation;
        this.cache = cache;
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_REQUEST;
    }

    @Override
    public int order() {
        return StepOrder.AUTHORIZER;
    }

    @Override
    public String name() {
        return "custom-authorizer:" + authorizer.name();
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        List<String> identity = identity(exchange);
        if (identity == null) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.UNAUTHORIZED));
        }
        long start = System.nanoTime();
        Mono<AuthorizerResult> decision;
        if (cache == null || identity.isEmpty()) {
            decision = invoke(exchange, identity);
        } else {
            decision = cached(cache, exchange, identity);
        }
        return decision
                .flatMap(result -> decide(exchange, result, (System.nanoTime() - start) / 1_000_000, next))
                .onErrorResume(this::failure);
    }

    private Mono<Reply> decide(GatewayExchange exchange, AuthorizerResult result, long latencyMillis, ExchangeHandler next) {
        String principal = result.principalId();
        if (result.policy() == null) {
            if (!result.isAuthorized()) {
                return Reply.errorMono(GatewayError.of(GatewayResponseType.ACCESS_DENIED));
            }
        } else {
            PolicyDocument.Decision decision = result.policy().evaluate(ExecuteApiArn.of(exchange));
            if (decision != PolicyDocument.Decision.ALLOW) {
                return Reply.errorMono(GatewayError.of(GatewayResponseType.ACCESS_DENIED,
                        decision == PolicyDocument.Decision.EXPLICIT_DENY ? EXPLICIT_DENY : NOT_ALLOWED));
            }
        }
        exchange.authorization(new Authorization(AuthorizationType.CUSTOM, principal, result.context(), Map.of(),
                List.of(), result.usageIdentifierKey(), null, latencyMillis));
        return next.handle(exchange);
    }

    /**
     * The cached decision of {@code identity}, asking the authorizer once for concurrent requests. A failure is
     * handed to the requests that waited for it and dropped from the cache (completed normally, as an outcome, so the
     * cache does not log it as a failed load).
     */
    private Mono<AuthorizerResult> cached(AsyncCache<List<String>, Outcome> cache, GatewayExchange exchange,
                                          List<String> identity) {
        CompletableFuture<Outcome> future = cache.get(identity, (key, executor) ->
                invoke(exchange, identity).map(Outcome::new).onErrorResume(error -> Mono.just(new Outcome(error))).toFuture());
        // suppressCancel: one caller going away must not cancel the call others wait for
        return Mono.fromFuture(future, true).flatMap(outcome -> {
            if (outcome.error() != null) {
                cache.asMap().remove(identity, future);
                return Mono.error(outcome.error());
            }
            @SuppressWarnings("NullAway") // an outcome without an error has a result
            Mono<AuthorizerResult> result = Mono.just(outcome.result());
            return result;
        });
    }

    /** What asking the authorizer gave: a result or an error. */
    record Outcome(@Nullable AuthorizerResult result, @Nullable Throwable error) {

        Outcome(AuthorizerResult result) {
            this(result, null);
        }

        Outcome(Throwable error) {
            this(null, error);
        }
    }

    private Mono<AuthorizerResult> invoke(GatewayExchange exchange, List<String> identity) {
        return Mono.defer(() -> implementation.authorize(AuthorizerEvents.of(authorizer, exchange, identity)))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the authorizer returned nothing")))
                .flatMap(result -> result.isUnauthorized() ? Mono.error(new UnauthorizedException()) : Mono.just(result))
                .timeout(authorizer.timeout());
    }

    private Mono<Reply> failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof UnauthorizedException || "Unauthorized".equals(cause.getMessage())) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.UNAUTHORIZED));
        }
        if (cause instanceof TimeoutException) {
            log.warn("Authorizer '{}' did not answer within {}", authorizer.name(), authorizer.timeout());
        } else {
            log.warn("Authorizer '{}' failed: {}", authorizer.name(), cause.toString());
        }
        return Reply.errorMono(GatewayError.of(GatewayResponseType.AUTHORIZER_FAILURE));
    }

    /** The identity sources' values; null when one is missing or empty, or the token fails the expression. */
    private @Nullable List<String> identity(GatewayExchange exchange) {
        List<IdentitySource> sources = authorizer.identitySources();
        List<String> values = new ArrayList<>(sources.size());
        for (IdentitySource source : sources) {
            String value = switch (source.kind()) {
                case HEADER -> exchange.header(source.name());
                case QUERY_STRING -> {
                    List<String> all = exchange.query().all(source.name());
                    yield all.isEmpty() ? null : String.join(",", all);
                }
                case STAGE_VARIABLE -> exchange.stageVariable(source.name());
                // a CONTEXT source has its variable
                case CONTEXT -> exchange.context(Objects.requireNonNull(source.contextVariable()), source.name());
            };
            if (value == null || value.isEmpty()) {
                return null;
            }
            values.add(value);
        }
        if (authorizer.validationExpression() != null
                && !authorizer.validationExpression().matcher(values.get(0)).matches()) {
            return null;
        }
        return values;
    }
}
