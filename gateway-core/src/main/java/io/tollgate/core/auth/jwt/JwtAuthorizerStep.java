package io.tollgate.core.auth.jwt;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.JwtAuthorizer;
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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A route's JWT authorizer, as HTTP APIs' JWT authorizers: no token → 401, an invalid or expired one → 401 (with a
 * {@code WWW-Authenticate: Bearer error="invalid_token"} header, RFC 6750), a valid one without any of the route's
 * scopes → 403 Forbidden. The claims (as strings, as AWS passes them) and scopes reach the integration.
 */
public final class JwtAuthorizerStep implements PipelineStep {

    private static final Logger log = LoggerFactory.getLogger(JwtAuthorizerStep.class);

    private final JwtAuthorizer authorizer;
    private final ReactiveJwtDecoder decoder;
    private final List<String> requiredScopes;

    public JwtAuthorizerStep(JwtAuthorizer authorizer, ReactiveJwtDecoder decoder, List<String> requiredScopes) {
        this.authorizer = authorizer;
        this.decoder = decoder;
        this.requiredScopes = List.copyOf(requiredScopes);
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
        return "jwt-authorizer:" + authorizer.name();
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        String token = token(exchange.header(authorizer.identityHeader()));
        if (token == null) {
            return refuse(GatewayResponseType.UNAUTHORIZED, "Bearer");
        }
        long start = System.nanoTime();
        return decoder.decode(token)
                .flatMap(jwt -> {
                    List<String> scopes = scopes(jwt);
                    if (!requiredScopes.isEmpty() && requiredScopes.stream().noneMatch(scopes::contains)) {
                        return refuse(GatewayResponseType.ACCESS_DENIED, "Bearer error=\"insufficient_scope\", scope=\""
                                + String.join(" ", requiredScopes) + "\"");
                    }
                    exchange.authorization(new Authorization(AuthorizationType.JWT, jwt.getSubject(), Map.of(),
                            claims(jwt), scopes, null, null, (System.nanoTime() - start) / 1_000_000));
                    return next.handle(exchange);
                })
                .onErrorResume(error -> {
                    Throwable keysUnavailable = unavailableCause(error);
                    return keysUnavailable != null ? unavailable(keysUnavailable)
                            : error instanceof JwtException jwt ? invalid(jwt) : Mono.error(error);
                });
    }

    private static @Nullable Throwable unavailableCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwkSetSource.JwkSetUnavailableException) {
                return cause;
            }
        }
        return null;
    }

    private Mono<Reply> invalid(JwtException error) {
        log.debug("JWT refused by authorizer '{}': {}", authorizer.name(), error.getMessage());
        return refuse(GatewayResponseType.UNAUTHORIZED, "Bearer error=\"invalid_token\"");
    }

    /** {@code cause}: the {@link JwkSetSource.JwkSetUnavailableException} in the error's causes. */
    private Mono<Reply> unavailable(Throwable cause) {
        log.warn("JWT authorizer '{}' cannot verify tokens: {}", authorizer.name(), cause.getMessage());
        return Reply.errorMono(GatewayError.of(GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR));
    }

    private static Mono<Reply> refuse(GatewayResponseType type, String challenge) {
        Reply reply = Reply.error(GatewayError.of(type));
        reply.headers().set("www-authenticate", challenge);
        return Mono.just(reply);
    }

    /** The token: the header's value without a {@code Bearer} prefix; null when missing or empty. */
    static @Nullable String token(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        return value.isEmpty() ? null : value;
    }

    /** The token's scopes: the {@code scope} claim (space-separated) or {@code scp} (a list or a string). */
    static List<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaims().get("scope");
        if (scope == null) {
            scope = jwt.getClaims().get("scp");
        }
        List<String> scopes = new ArrayList<>();
        if (scope instanceof String text) {
            for (String s : text.split(" ")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        } else if (scope instanceof Collection<?> list) {
            list.forEach(s -> scopes.add(String.valueOf(s)));
        }
        return scopes;
    }

    /** The claims as AWS passes them: strings; times in epoch seconds; lists as {@code [a b]}. */
    static Map<String, String> claims(Jwt jwt) {
        Map<String, String> claims = new LinkedHashMap<>();
        jwt.getClaims().forEach((name, value) -> claims.put(name, text(value)));
        return claims;
    }

    private static String text(Object value) {
        if (value instanceof Instant instant) {
            return Long.toString(instant.getEpochSecond());
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(JwtAuthorizerStep::text).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
