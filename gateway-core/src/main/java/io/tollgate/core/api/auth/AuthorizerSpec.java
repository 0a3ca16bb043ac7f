package io.tollgate.core.api.auth;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An authorizer as a user writes it (raw values, checked when the API is built): {@code type} is {@code JWT},
 * {@code TOKEN} or {@code REQUEST} (case-insensitive). Unset values take AWS's defaults.
 */
public final class AuthorizerSpec {

    final String name;
    final @Nullable String type;
    @Nullable String issuer;
    @Nullable String jwkSetUri;
    final List<String> audiences = new ArrayList<>();
    final List<String> identitySources = new ArrayList<>();
    @Nullable String implementation;
    @Nullable String validationExpression;
    @Nullable Duration resultTtl;
    @Nullable String payloadFormatVersion;
    @Nullable Boolean simpleResponses;
    @Nullable Duration timeout;
    @Nullable Duration clockSkew;

    public AuthorizerSpec(String name, @Nullable String type) {
        this.name = name;
        this.type = type;
    }

    /** JWT: the expected issuer ({@code iss}); its OpenID configuration names the JWK set unless one is given. */
    public AuthorizerSpec issuer(@Nullable String issuer) {
        this.issuer = issuer;
        return this;
    }

    /** JWT: the JWK set's address. */
    public AuthorizerSpec jwkSetUri(@Nullable String uri) {
        this.jwkSetUri = uri;
        return this;
    }

    /** JWT: the accepted audiences. */
    public AuthorizerSpec audiences(@Nullable List<String> audiences) {
        if (audiences != null) {
            this.audiences.addAll(audiences);
        }
        return this;
    }

    /** Where the caller's identity is read ({@code $request.header.Authorization}, ...). */
    public AuthorizerSpec identitySources(@Nullable List<String> sources) {
        if (sources != null) {
            this.identitySources.addAll(sources);
        }
        return this;
    }

    /** TOKEN and REQUEST: the component that decides (a bean name); the authorizer's name when not set. */
    public AuthorizerSpec implementation(@Nullable String implementation) {
        this.implementation = implementation;
        return this;
    }

    /** TOKEN: a regular expression the token must match. */
    public AuthorizerSpec validationExpression(@Nullable String regex) {
        this.validationExpression = regex;
        return this;
    }

    /** TOKEN and REQUEST: how long decisions are cached (default 300 s, at most 3600 s, 0 disables). */
    public AuthorizerSpec resultTtl(@Nullable Duration ttl) {
        this.resultTtl = ttl;
        return this;
    }

    /** TOKEN and REQUEST on HTTP APIs: {@code 1.0} or {@code 2.0} (default). */
    public AuthorizerSpec payloadFormatVersion(@Nullable String version) {
        this.payloadFormatVersion = version;
        return this;
    }

    /** REQUEST with payload 2.0: answers are {@code {isAuthorized, context}}. */
    public AuthorizerSpec simpleResponses(@Nullable Boolean simple) {
        this.simpleResponses = simple;
        return this;
    }

    /** TOKEN and REQUEST: how long the authorizer may take (default 10 s). */
    public AuthorizerSpec timeout(@Nullable Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** JWT: the tolerance on {@code exp} and {@code nbf} (default 60 s). */
    public AuthorizerSpec clockSkew(@Nullable Duration skew) {
        this.clockSkew = skew;
        return this;
    }
}
