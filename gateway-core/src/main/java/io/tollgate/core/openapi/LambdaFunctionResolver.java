package io.tollgate.core.openapi;

import org.jspecify.annotations.Nullable;

/**
 * Which function bean serves a Lambda function an imported document names, before the defaults (the configured map of
 * {@link ImportOptions#functions()}, then the bean named as the function): for naming conventions of one's own
 * ({@code orders-prod-create} served by {@code createOrder}).
 */
@FunctionalInterface
public interface LambdaFunctionResolver {

    /**
     * The name of the bean serving {@code functionArn} ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]}),
     * or null for the defaults.
     */
    @Nullable String resolve(String functionArn);
}
