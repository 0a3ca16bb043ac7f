package io.tollgate.core.auth;

import io.tollgate.core.auth.sigv4.SigV4CredentialsProvider;
import io.tollgate.core.auth.sigv4.SigV4Verifier;
import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * Authorizers: JWT, custom ({@code TOKEN}, {@code REQUEST}: the ones {@code registry} knows, by name) and
 * {@code AWS_IAM} (SigV4 signatures checked against {@code iamCredentials}). JWK sets and custom authorizers' cached
 * decisions are kept across builds with the same resources.
 */
public final class AuthorizerFeature implements GatewayFeature {

    private final AuthorizerRegistry registry;
    private final @Nullable SigV4CredentialsProvider iamCredentials;
    private @Nullable GatewayResources resources;
    private @Nullable Contribution contribution;

    /** JWT authorizers only: no custom authorizer, no IAM credentials. */
    public AuthorizerFeature() {
        this(name -> Optional.empty(), null);
    }

    /**
     * @param registry       the custom authorizers
     * @param iamCredentials the credentials of {@code AWS_IAM} routes, or null when there are none (such routes are
     *                       then refused at startup)
     */
    public AuthorizerFeature(@Nullable AuthorizerRegistry registry, @Nullable SigV4CredentialsProvider iamCredentials) {
        this.registry = registry == null ? name -> Optional.empty() : registry;
        this.iamCredentials = iamCredentials;
    }

    @Override
    public synchronized Contribution contribute(GatewayResources resources) {
        if (contribution == null || !resources.equals(this.resources)) {
            this.resources = resources;
            AuthorizerStepFactory steps = new AuthorizerStepFactory(registry, iamCredentials == null ? null
                    : new SigV4Verifier(iamCredentials, resources.clock()), resources.httpClient(), resources.clock(),
                    resources.ticker());
            contribution = Contribution.steps(steps)
                    .withCheck(apis -> apis.stream().flatMap(api -> steps.problems(api).stream()).toList());
        }
        return contribution;
    }
}
