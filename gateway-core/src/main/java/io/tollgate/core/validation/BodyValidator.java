package io.tollgate.core.validation;

import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import io.tollgate.core.api.validation.RequestModel;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Validates request bodies against a model's compiled schema, as API Gateway does: an empty body is validated as
 * {@code {}}, a body that is not JSON fails, and what fails is described as AWS's
 * {@code $context.error.validationErrorString}: {@code [message, message]}. Thread-safe; create one per model at startup.
 */
public final class BodyValidator {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Schema schema;

    private BodyValidator(Schema schema) {
        this.schema = schema;
    }

    /** The validator of {@code model}. */
    public static BodyValidator of(RequestModel model) {
        return new BodyValidator(model.schema());
    }

    /** Null when {@code body} (UTF-8 JSON) matches the model, else what is wrong with it, as AWS words it. */
    public @Nullable String validate(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (JacksonException e) {
            return "[Invalid JSON: " + firstLine(e.getOriginalMessage()) + "]";
        }
        if (node == null || node.isMissingNode()) {
            // only whitespace: as an empty body
            node = MAPPER.createObjectNode();
        }
        if (schema.validate(node, OutputFormat.BOOLEAN)) {
            // the common case: a yes, failing fast, without collecting errors
            return null;
        }
        List<com.networknt.schema.Error> errors = schema.validate(node);
        return errors.isEmpty() ? null : SchemaMessages.format(errors, schema.getSchemaNode());
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
