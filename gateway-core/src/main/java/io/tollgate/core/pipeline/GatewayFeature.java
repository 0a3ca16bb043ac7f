package io.tollgate.core.pipeline;

/**
 * A feature of the gateway (an authorizer kind, usage plans, the stage cache, an integration type): what it adds to
 * each gateway built with it. The builder composes features without knowing any; in a Spring application each
 * feature is a bean of its auto-configuration, which an application replaces by declaring its own bean of that type.
 *
 * <p>State that outlives requests (token buckets, cache entries, authorizer decisions, JWK sets) belongs to the
 * feature object, not to a contribution: a gateway built again with the same feature (new APIs, a new deployment)
 * keeps it.
 */
@FunctionalInterface
public interface GatewayFeature {

    /** What this feature adds to a gateway being built with {@code resources}. Called once per build. */
    Contribution contribute(GatewayResources resources);
}
