package io.tollgate.core.api.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;

import java.util.Objects;

/**
 * A model of an API: a named JSON schema that request bodies are validated against, compiled once when the API is
 * built. Draft 4 (AWS's models) unless the schema's {@code $schema} names a newer draft (6, 7, 2019-09, 2020-12).
 */
public final class RequestModel {

    private final String name;
    private final String schemaText;
    private final Schema schema;
    private final SpecificationVersion version;

    RequestModel(String name, String schemaText, Schema schema, SpecificationVersion version) {
        this.name = Objects.requireNonNull(name);
        this.schemaText = Objects.requireNonNull(schemaText);
        this.schema = Objects.requireNonNull(schema);
        this.version = Objects.requireNonNull(version);
    }

    /** The model's name ({@code Pet}). */
    public String name() {
        return name;
    }

    /** The schema as written. */
    public String schemaText() {
        return schemaText;
    }

    /** The compiled schema (thread-safe). */
    public Schema schema() {
        return schema;
    }

    /** The JSON Schema draft the schema follows. */
    public SpecificationVersion version() {
        return version;
    }

    @Override
    public String toString() {
        return "RequestModel[" + name + ", " + version + "]";
    }
}
