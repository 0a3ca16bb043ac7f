package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;

import java.util.List;
import java.util.function.Supplier;

/**
 * How the application's gateway is built: a builder with its features, steps, integrations, client and customizers,
 * to which only the APIs are left to add. Deployments build every change with it; without them the APIs are built once.
 */
public final class GatewayRecipe {

    private final Supplier<GatewayBuilder> builders;

    GatewayRecipe(Supplier<GatewayBuilder> builders) {
        this.builders = builders;
    }

    /** A new builder of the application's gateway, without APIs. */
    public GatewayBuilder builder() {
        return builders.get();
    }

    /** The gateway of {@code apis}; its problems are named by their property paths. */
    Gateway build(List<Api> apis) {
        try {
            return builder().apis(apis).build();
        } catch (InvalidDefinitionException e) {
            throw new InvalidDefinitionException("tollgate.apis", e.problems().stream().map(GatewayRecipe::propertyPath)
                    .toList());
        }
    }

    /**
     * A compile problem named relative to its API ({@code petstore.routes[0].integration}) or plan as a property path
     * ({@code tollgate.apis.petstore.routes[0].integration}).
     */
    static Problem propertyPath(Problem problem) {
        return new Problem((problem.path().startsWith("usage-plans.") ? "tollgate." : "tollgate.apis.") + problem.path(),
                problem.message());
    }
}
