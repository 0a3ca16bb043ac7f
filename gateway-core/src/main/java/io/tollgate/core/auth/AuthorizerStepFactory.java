package io.tollgate.core.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.api.auth.RouteAuthorization;
import io.tollgate.core.auth.jwt.JwtAuthorizerStep;
import io.tollgate.core.auth.jwt.JwtDecoders;
import io.tollgate.core.auth.sigv4.SigV4Verifier;
import io.tollgate.core.pipeline.AuthorizerTiming;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds the authorizer stage of routes that have one. One JWT decoder (and its cached keys) per API authorizer, one
 * decision cache per API stage and custom authorizer, shared by the routes that use it.
 */
public final class AuthorizerStepFactory implements StepFactory {

    /** The most decisions one custom authorizer's cache holds. */
    static final long MAX_CACHED_DECISIONS = 100_000;

    private final AuthorizerRegistry registry;
    private final @Nullable SigV4Verifier iam;
    private final HttpClient client;
    private final Clock clock;
    private final Ticker ticker;
    private final Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();
    private final Map<String, AsyncCache<List<String>, CustomAuthorizerStep.Outcome>> caches = new ConcurrentHashMap<>();

    /**
     * @param registry the custom authorizers
     * @param iam      the SigV4 verifier of {@code AWS_IAM} routes, or null when there are no IAM credentials
     */
    public AuthorizerStepFactory(AuthorizerRegistry registry, @Nullable SigV4Verifier iam, HttpClient client, Clock clock,
                                 Ticker ticker) {
        this.registry = registry;
        this.iam = iam;
        this.client = client;
        this.clock = clock;
        this.ticker = ticker;
    }

    /** The problems of {@code api}'s authorization: unknown implementations, IAM routes without credentials. */
    public List<Problem> problems(Api api) {
        List<Problem> problems = new ArrayList<>();
        for (Authorizer authorizer : api.authorizers().values()) {
            if (authorizer instanceof CustomAuthorizer custom && registry.find(custom.implementation()).isEmpty()) {
                problems.add(new Problem(api.name() + ".authorizers." + custom.name() + ".implementation",
                        "no authorizer named '" + custom.implementation() + "' (a GatewayAuthorizer or"
                                + " BlockingGatewayAuthorizer bean)"));
            }
        }
        for (int i = 0; i < api.routes().size(); i++) {
            if (iam == null && api.routes().get(i).authorization().type() == AuthorizationType.AWS_IAM) {
                problems.add(new Problem(api.name() + ".routes[" + i + "].authorization-type",
                        "AWS_IAM needs IAM credentials to check signatures against (tollgate.iam.credentials or a"
                                + " SigV4CredentialsProvider bean)"));
            }
        }
        return problems;
    }

    /**
     * The route's authorizer step; on a gateway whose requests are observed, measured ({@link AuthorizerTiming}: its
     * decision and latency recorded, traced in a child span).
     */
    @Override
    public Optional<PipelineStep> create(RouteContext context) {
        Optional<PipelineStep> step = step(context);
        if (!context.observed() || step.isEmpty()) {
            return step;
        }
        String type = context.route().orElseThrow().authorization().type().name().toLowerCase(Locale.ROOT);
        return step.map(s -> AuthorizerTiming.measured(s, type));
    }

    private Optional<PipelineStep> step(RouteContext context) {
        if (context.route().isEmpty()) {
            return Optional.empty();
        }
        Route route = context.route().get();
        RouteAuthorization authorization = route.authorization();
        Api api = context.api();
        return switch (authorization.type()) {
            case NONE -> Optional.empty();
            case AWS_IAM -> {
                // problems(api) refuses an API's AWS_IAM routes without a verifier; a route of an endpoint's own (a
                // WebSocket API's @connections) can still have none: then nobody is authorized, never everybody
                SigV4Verifier verifier = iam;
                yield Optional.of(verifier != null ? new IamAuthorizerStep(verifier, route.maxRequestBodySize())
                        : IamAuthorizerStep.refusingAll());
            }
            case JWT -> {
                // the API's validation made the route's authorizer one of the API's
                JwtAuthorizer jwt = (JwtAuthorizer) Objects.requireNonNull(
                        api.authorizers().get(authorization.authorizer()));
                ReactiveJwtDecoder decoder = decoders.computeIfAbsent(api.name() + "/" + jwt.name(),
                        key -> JwtDecoders.create(jwt, client, clock, ticker::read));
                yield Optional.of(new JwtAuthorizerStep(jwt, decoder, authorization.scopes()));
            }
            case CUSTOM -> {
                // the API's validation made the route's authorizer one of the API's
                Authorizer authorizer = Objects.requireNonNull(api.authorizers().get(authorization.authorizer()));
                CustomAuthorizer custom = (CustomAuthorizer) authorizer;
                GatewayAuthorizer implementation = registry.find(custom.implementation()).orElseThrow(
                        () -> new IllegalArgumentException("no authorizer named '" + custom.implementation() + "'"));
                AsyncCache<List<String>, CustomAuthorizerStep.Outcome> cache = custom.resultTtl().isZero() ? null
                        : caches.computeIfAbsent(api.name() + "/" + context.stage().name() + "/" + custom.name(),
                                key -> Caffeine.newBuilder().ticker(ticker).expireAfterWrite(custom.resultTtl())
                                        .maximumSize(MAX_CACHED_DECISIONS).buildAsync());
                yield Optional.of(new CustomAuthorizerStep(custom, implementation, cache));
            }
        };
    }
}
