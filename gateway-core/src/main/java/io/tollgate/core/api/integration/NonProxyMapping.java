package io.tollgate.core.api.integration;

import io.tollgate.core.api.SelectionExpression;
import org.jspecify.annotations.Nullable;

import io.tollgate.core.api.RequestParameter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request and response mapping of a non-proxy integration (HTTP or MOCK): request templates by content type (in a
 * WebSocket API with a {@code templateSelectionExpression}, by that expression's value for the message, {@code $default}
 * when none has it), the passthrough behaviour, and the integration responses.
 */
public record NonProxyMapping(Map<String, String> requestTemplates, PassthroughBehavior passthroughBehavior,
                              List<RequestParameter> requestParameters, List<IntegrationResponse> integrationResponses,
                              @Nullable SelectionExpression templateSelectionExpression) {

    /** No mapping: the body passes through and the backend's answer is returned as it is. */
    public static final NonProxyMapping NONE = new NonProxyMapping(Map.of(), PassthroughBehavior.WHEN_NO_MATCH, List.of(), List.of());

    public NonProxyMapping {
        requestTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(requestTemplates));
        requestParameters = List.copyOf(requestParameters);
        integrationResponses = List.copyOf(integrationResponses);
    }

    /** A mapping whose request templates are chosen by content type. */
    public NonProxyMapping(Map<String, String> requestTemplates, PassthroughBehavior passthroughBehavior,
                           List<RequestParameter> requestParameters, List<IntegrationResponse> integrationResponses) {
        this(requestTemplates, passthroughBehavior, requestParameters, integrationResponses, null);
    }

    /** Whether anything is configured. */
    public boolean isEmpty() {
        return requestTemplates.isEmpty() && requestParameters.isEmpty() && integrationResponses.isEmpty()
                && templateSelectionExpression == null;
    }
}
