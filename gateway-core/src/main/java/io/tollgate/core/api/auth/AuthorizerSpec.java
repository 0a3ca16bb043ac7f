package io.tollgate.core.api.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An authorizer as a user writes it (raw values, checked when the API is built): {@code type} is {@code JWT},
 * {@code TOKEN} or {@code REQUEST} (case-insensitive). Unset values take AWS's defaults.
 */
public final class AuthorizerSpec {

    final String name;
    final String type;
    String issuer;
    String jwkSetUri;
    final List<String> audiences = new ArrayList<>();
    final List<String> identitySources = new ArrayList<>();
    String implementation;
    String validationExpression;
    Duration resultTtl;
    String payloadFormatVersion;
    Boolean simpleResponses;
    Duration timeout;
    Duration clockSkew;

    public AuthorizerSpec(String name, String type) {
        this.name = name;
        this.type = type;
    }

    /** JWT: the expected issuer ({@code iss}); its OpenID configuration names the JWK set unless one is given. */
    public AuthorizerSpec issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    /** JWT: the JWK set's address. */
    public AuthorizerSpec jwkSetUri(String uri) {
        this.jwkSetUri = uri;
        return this;
    }

    /** JWT: the accepted audiences. */
    public AuthorizerSpec audiences(List<String> audiences) {
        if (audiences != null) {
            this.audiences.addAll(audiences);
        }
        return this;
    }

    /** Where the caller's identity is read ({@code $request.header.Authorization}, ...). */
    public AuthorizerSpec identitySources(List<String> sources) {
        if (sources != null) {
            this.identitySources.addAll(sources);
        }
        return this;
    }

    /** TOKEN and REQUEST: the component that decides (a bean name); the authorizer's name when not set. */
    public AuthorizerSpec implementation(String implementation) {
        this.implementation = implementation;
        return this;
    }

    /** TOKEN: a regular expression the token must match. */
    public AuthorizerSpec validationExpression(String regex) {
        this.validationExpression = regex;
        return this;
    }

    /** TOKEN and REQUEST: how long decisions are cached (default 300 s, at most 3600 s, 0 disables). */
    public AuthorizerSpec resultTtl(Duration ttl) {
        this.resultTtl = ttl;
        return this;
    }

    /** TOKEN and REQUEST on HTTP APIs: {@code 1.0} or {@code 2.0} (default). */
    public AuthorizerSpec payloadFormatVersion(String version) {
        this.payloadFormatVersion = version;
        return this;
    }

    /** REQUEST with payload 2.0: answers are {@code {isAuthorized, context}}. */
    public AuthorizerSpec simpleResponses(Boolean simple) {
        this.simpleResponses = simple;
        return this;
    }

    /** TOKEN and REQUEST: how long the authorizer may take (default 10 s). */
    public AuthorizerSpec timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** JWT: the tolerance on {@code exp} and {@code nbf} (default 60 s). */
    public AuthorizerSpec clockSkew(Duration skew) {
        this.clockSkew = skew;
        return this;
    }
}
