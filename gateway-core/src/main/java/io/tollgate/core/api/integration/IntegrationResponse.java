package io.tollgate.core.api.integration;

import io.tollgate.core.api.ParameterSource;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An integration response of a non-proxy integration: chosen when {@code selectionPattern} (a Java regular
 * expression, matched whole) matches the backend's status code (or a function's error message); the one without a
 * pattern is the default. It maps headers into the method response and renders the body with the template chosen by
 * the request's {@code Accept}.
 *
 * @param selectionPattern   the pattern, or {@code null} for the default response
 * @param statusCode         the method response's status
 * @param responseParameters {@code method.response.header.NAME} mappings
 * @param responseTemplates  templates by media type, in declaration order
 */
public record IntegrationResponse(@Nullable Pattern selectionPattern, int statusCode,
                                  List<ResponseParameter> responseParameters, Map<String, String> responseTemplates) {

    public IntegrationResponse {
        responseParameters = List.copyOf(responseParameters);
        responseTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(responseTemplates));
    }

    public boolean isDefault() {
        return selectionPattern == null;
    }

    /** A {@code method.response.header.NAME} mapping. */
    public record ResponseParameter(String key, String header, ParameterSource source) {
    }
}
