package io.tollgate.core.server.deploy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of one API's definition (routes, integrations, authorizers, models, templates, gateway
 * responses, CORS, policies), as AWS's deployment. {@code definition} is what the user wrote, in the shape of the
 * {@code tollgate.apis.<name>} properties (empty for an API defined in code, whose model only this instance knows).
 */
public record Deployment(String id, String api, String description, Instant createdAt, Map<String, Object> definition) {

    public Deployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    /** Whether the definition is known as written (an API defined in code has none). */
    public boolean hasDefinition() {
        return !definition.isEmpty();
    }
}
