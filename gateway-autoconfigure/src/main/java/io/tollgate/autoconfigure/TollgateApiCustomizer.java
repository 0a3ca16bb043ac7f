package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;

/**
 * Changes an API defined in {@code tollgate.apis.*} before it is validated and built, for what properties cannot
 * say (a stage variable known only at runtime, routes generated in code).
 */
@FunctionalInterface
public interface TollgateApiCustomizer {

    void customize(String apiName, Api.Builder api);
}
