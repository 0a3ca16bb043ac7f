package io.tollgate.core.api.validation;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A route's request validation, as Amazon API Gateway's request validators: which {@link Validator} applies, the
 * request parameters that must be present and not blank, and the body's model by content type. Without a validator
 * nothing is checked (as AWS, where declared parameters and models alone validate nothing).
 *
 * @param validator          what is validated, or null for nothing
 * @param requiredParameters the required parameters, in the order AWS lists missing ones (by their
 *                           {@code method.request.*} expression)
 * @param models             the body's model by lower-case media type ({@code application/json}), or {@code $default}
 *                           for any other
 */
public record RequestValidation(@Nullable Validator validator, List<RequiredParameter> requiredParameters,
                                Map<String, RequestModel> models) {

    /** No validation. */
    public static final RequestValidation NONE = new RequestValidation(null, List.of(), Map.of());

    /** The content type of models that apply to any content type without a model of its own. */
    public static final String DEFAULT_CONTENT_TYPE = "$default";

    public RequestValidation {
        requiredParameters = List.copyOf(requiredParameters);
        models = Map.copyOf(models);
    }

    /** What a validator checks: AWS's {@code validateRequestBody} and {@code validateRequestParameters}. */
    public enum Validator {
        /** The body against its model. */
        BODY_ONLY(true, false),
        /** The required query string parameters, headers and path parameters. */
        PARAMS_ONLY(false, true),
        /** Both. */
        FULL(true, true);

        private final boolean body;
        private final boolean parameters;

        Validator(boolean body, boolean parameters) {
            this.body = body;
            this.parameters = parameters;
        }

        public boolean validatesBody() {
            return body;
        }

        public boolean validatesParameters() {
            return parameters;
        }

        /**
         * Parses {@code FULL} (also {@code ALL}), {@code BODY_ONLY} or {@code PARAMS_ONLY} (also
         * {@code PARAMETERS_ONLY}), case-insensitive, {@code -} or {@code _}; null when it is none of them.
         */
        public static @Nullable Validator parse(@Nullable String text) {
            String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            return switch (name) {
                case "FULL", "ALL" -> FULL;
                case "BODY_ONLY", "BODY" -> BODY_ONLY;
                case "PARAMS_ONLY", "PARAMETERS_ONLY", "PARAMS" -> PARAMS_ONLY;
                default -> null;
            };
        }
    }

    /** Where a required parameter is. */
    public enum Location { HEADER, QUERYSTRING, PATH }

    /**
     * A required request parameter.
     *
     * @param expression the parameter as declared ({@code method.request.querystring.limit})
     * @param location   where it is
     * @param name       its name
     */
    public record RequiredParameter(String expression, Location location, String name) {

        public RequiredParameter {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Whether a request can fail this validation: a validator with parameters or models to check. */
    public boolean isActive() {
        return validator != null && (validator.validatesParameters() && !requiredParameters.isEmpty()
                || validator.validatesBody() && !models.isEmpty());
    }

    /**
     * The model a body of {@code contentType} must match: the media type's (parameters and case ignored), else the
     * {@code $default} one, else null (the body is not validated). A missing content type is
     * {@code application/json}, as API Gateway assumes for mapping templates.
     */
    public @Nullable RequestModel model(@Nullable String contentType) {
        if (models.isEmpty()) {
            return null;
        }
        String type = mediaType(contentType);
        RequestModel model = models.get(type);
        return model != null ? model : models.get(DEFAULT_CONTENT_TYPE);
    }

    static String mediaType(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
