package io.tollgate.core.api.integration;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** The definition of an integration response as a user writes it (checked when the API is built). */
public final class IntegrationResponseSpec {

    private @Nullable String selectionPattern;
    private @Nullable Integer statusCode;
    private final Map<String, String> responseParameters = new LinkedHashMap<>();
    private final Map<String, String> responseTemplates = new LinkedHashMap<>();

    /** A response answering {@code statusCode}. */
    public static IntegrationResponseSpec status(@Nullable Integer statusCode) {
        IntegrationResponseSpec spec = new IntegrationResponseSpec();
        spec.statusCode = statusCode;
        return spec;
    }

    /** The Java regular expression matched (whole) against the backend status; none for the default response. */
    public IntegrationResponseSpec selectionPattern(@Nullable String pattern) {
        this.selectionPattern = pattern;
        return this;
    }

    /** {@code ("method.response.header.X", "integration.response.header.Y" | "'static'" | ...)}. */
    public IntegrationResponseSpec responseParameter(String key, String value) {
        responseParameters.put(key, value);
        return this;
    }

    public IntegrationResponseSpec responseParameters(Map<String, String> parameters) {
        responseParameters.putAll(parameters);
        return this;
    }

    public IntegrationResponseSpec responseTemplate(String mediaType, String template) {
        responseTemplates.put(mediaType, template);
        return this;
    }

    public IntegrationResponseSpec responseTemplates(Map<String, String> templates) {
        responseTemplates.putAll(templates);
        return this;
    }

    @Nullable String selectionPattern() {
        return selectionPattern;
    }

    @Nullable Integer statusCode() {
        return statusCode;
    }

    Map<String, String> responseParameters() {
        return responseParameters;
    }

    Map<String, String> responseTemplates() {
        return responseTemplates;
    }
}
