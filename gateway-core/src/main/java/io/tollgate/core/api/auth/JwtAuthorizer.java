package io.tollgate.core.api.auth;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A JWT authorizer, as HTTP APIs' {@code JWT} authorizers: the token from {@code identityHeader} (with or without
 * {@code Bearer}) must be signed by a key of the issuer's JWK set, with the algorithm the key declares, and carry the
 * issuer, one of the audiences (in {@code aud}, or {@code client_id} as AWS accepts) and a current {@code exp} and
 * {@code nbf} within {@code clockSkew}.
 *
 * @param name           the name routes refer to
 * @param issuer         the expected {@code iss}; the JWK set is discovered from it when {@code jwkSetUri} is null
 * @param jwkSetUri      where the keys are, or null to discover them from the issuer's OpenID configuration
 * @param audiences      the accepted audiences (at least one)
 * @param identityHeader the header carrying the token ({@code Authorization})
 * @param clockSkew      the tolerance on {@code exp} and {@code nbf}
 */
public record JwtAuthorizer(String name, URI issuer, @Nullable URI jwkSetUri, List<String> audiences,
                            String identityHeader, Duration clockSkew) implements Authorizer {

    public JwtAuthorizer {
        audiences = List.copyOf(audiences);
    }
}
