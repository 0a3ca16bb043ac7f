package io.tollgate.core.pipeline;

/**
 * Where a step sits among the others of its {@link Phase}: steps of one phase run in ascending order. The built-in
 * steps leave room between them, so a step of one's own can run between any two of them, for example
 * {@code StepOrder.AUTHORIZER + 50} (after the authorizer, before the API key check).
 */
public final class StepOrder {

    /**
     * Method response: CORS, the outermost step: it answers preflights before any authorizer (as AWS does) and adds
     * its headers to every reply, gateway errors included.
     */
    public static final int CORS = 100;
    /** Method request: the resource policy, evaluated first (a denied caller learns nothing more). */
    public static final int RESOURCE_POLICY = 100;
    /** Method request: the route's authorizer (JWT, custom, IAM). */
    public static final int AUTHORIZER = 300;
    /** Method request: the API key, usage plan throttles and quotas, after the authorizer (AWS's order). */
    public static final int USAGE = 400;
    /** Method request: the request validator, after everything that may refuse the request earlier. */
    public static final int REQUEST_VALIDATION = 500;
    /** Cache: the stage cache's lookup and store. */
    public static final int CACHE = 100;
    /** A step that names no order: after the built-in steps of its phase. */
    public static final int DEFAULT = 1_000;

    private StepOrder() {
    }
}
