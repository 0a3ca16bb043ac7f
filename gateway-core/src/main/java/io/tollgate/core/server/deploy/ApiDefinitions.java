package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;

import java.util.Map;

/**
 * Reads an API's definition, written in the shape of the {@code tollgate.apis.<name>} properties, into its model.
 * The Spring Boot starter reads it as it reads the application's configuration, with the same checks and messages.
 */
@FunctionalInterface
public interface ApiDefinitions {

    /** Refuses every definition: a gateway whose APIs are defined in code only. */
    ApiDefinitions NONE = (api, definition) -> {
        throw new InvalidDefinitionException(api, java.util.List.of(new io.tollgate.core.api.Problem(api,
                "this gateway reads no API definitions (its APIs are defined in code)")));
    };

    /**
     * The model of API {@code api} as {@code definition} describes it; throws {@link InvalidDefinitionException}
     * naming every problem by its property path.
     */
    Api read(String api, Map<String, Object> definition);
}
