package io.tollgate.core.api.integration;

import io.tollgate.core.api.SelectionExpression;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseCustomization;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.HeaderSyntax;
import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RequestParameter;
import io.tollgate.core.api.SelectionExpression;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks the non-proxy parts of integrations (templates, mappings, integration responses) and gateway responses. */
public final class NonProxyValidator {

    private final Problems problems;

    public NonProxyValidator(Problems problems) {
        this.problems = problems;
    }

    public NonProxyMapping mapping(IntegrationSpec spec, boolean requestParametersAllowed, String path) {
        SelectionExpression templateSelection = null;
        Map<String, String> templates;
        if (spec.templateSelectionExpression() != null) {
            templateSelection = SelectionExpression.parse(spec.templateSelectionExpression(),
                    path + ".template-selection-expression", problems);
            templates = selectedTemplates(spec.requestTemplates(), path + ".request-templates");
        } else {
            templates = templates(spec.requestTemplates(), path + ".request-templates");
        }
        PassthroughBehavior passthrough = PassthroughBehavior.WHEN_NO_MATCH;
        if (spec.passthroughBehavior() != null) {
            try {
                passthrough = PassthroughBehavior.valueOf(spec.passthroughBehavior().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add(path + ".passthrough-behavior", "unknown passthrough behavior '" + spec.passthroughBehavior()
                        + "' (expected WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER)");
            }
        }
        List<RequestParameter> parameters = new ArrayList<>();
        if (requestParametersAllowed) {
            spec.requestParameters().forEach((k, v) -> {
                RequestParameter parameter = RequestParameter.parse(k, v, path + ".request-parameters", problems);
                if (parameter != null) {
                    parameters.add(parameter);
                }
            });
        } else if (!spec.requestParameters().isEmpty()) {
            problems.add(path + ".request-parameters", "a MOCK integration has no request parameters");
        }
        List<IntegrationResponse> responses = new ArrayList<>();
        int defaults = 0;
        for (int i = 0; i < spec.integrationResponses().size(); i++) {
            IntegrationResponse response = response(spec.integrationResponses().get(i), path + ".integration-responses[" + i + "]");
            if (response != null) {
                if (response.isDefault() && ++defaults > 1) {
                    problems.add(path + ".integration-responses[" + i + "].selection-pattern",
                            "only one integration response may be the default (no selection pattern)");
                }
                responses.add(response);
            }
        }
        return new NonProxyMapping(templates, passthrough, parameters, responses, templateSelection);
    }

    /** Request templates keyed by a template selection expression's values (exact, as route keys are; or $default). */
    private Map<String, String> selectedTemplates(Map<String, String> templates, String path) {
        Map<String, String> result = new LinkedHashMap<>();
        templates.forEach((key, template) -> {
            if (key == null || key.isEmpty()) {
                problems.add(path, "a template's key must be a value of the template selection expression, or $default");
                return;
            }
            result.put(key, template == null ? "" : template);
        });
        return result;
    }

    private @Nullable IntegrationResponse response(@Nullable IntegrationResponseSpec spec, String path) {
        if (spec == null) {
            problems.add(path, "must not be empty");
            return null;
        }
        int before = problems.asList().size();
        Integer status = spec.statusCode();
        if (status == null || status < 100 || status > 599) {
            problems.add(path + ".status-code", (status == null ? "must be set" : status + " is not an HTTP status code")
                    + " (100-599)");
        }
        Pattern pattern = null;
        if (spec.selectionPattern() != null && !spec.selectionPattern().isEmpty()) {
            try {
                pattern = Pattern.compile(spec.selectionPattern(), Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                problems.add(path + ".selection-pattern", "'" + spec.selectionPattern() + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        List<IntegrationResponse.ResponseParameter> parameters = new ArrayList<>();
        spec.responseParameters().forEach((k, v) -> {
            String entry = path + ".response-parameters[" + k + "]";
            if (k == null || !k.startsWith("method.response.header.") || k.length() == "method.response.header.".length()) {
                problems.add(entry, "'" + k + "' must be method.response.header.NAME (in YAML, write such a map key in brackets)");
                return;
            }
            String header = k.substring("method.response.header.".length());
            if (!HeaderSyntax.isToken(header)) {
                problems.add(entry, "'" + header + "' is not a valid header name");
                return;
            }
            ParameterSource source = ParameterSource.parse(v, true, entry, problems);
            if (source != null && source.kind() == ParameterSource.Kind.STATIC && !HeaderSyntax.isValidValue(source.name())) {
                problems.add(entry, HeaderSyntax.invalidValueReason(source.name()));
            } else if (source != null) {
                parameters.add(new IntegrationResponse.ResponseParameter(k, k.substring("method.response.header.".length()), source));
            }
        });
        Map<String, String> templates = templates(spec.responseTemplates(), path + ".response-templates");
        // status is null only when a problem was recorded
        if (problems.asList().size() > before || status == null) {
            return null;
        }
        return new IntegrationResponse(pattern, status, parameters, templates);
    }

    public Map<String, String> templates(Map<String, String> templates, String path) {
        Map<String, String> result = new LinkedHashMap<>();
        templates.forEach((mediaType, template) -> {
            String type = mediaType == null ? "" : mediaType.trim().toLowerCase(Locale.ROOT);
            int slash = type.indexOf('/');
            if (slash <= 0 || slash == type.length() - 1 || type.contains(";") || type.contains(" ")) {
                problems.add(path + "[" + mediaType + "]", "'" + mediaType + "' is not a media type like application/json"
                        + " (in YAML, write such a map key in brackets: \"[application/json]\")");
                return;
            }
            result.put(type, template == null ? "" : template);
        });
        return result;
    }

    public Map<GatewayResponseType, GatewayResponseCustomization> gatewayResponses(Map<String, Api.GatewayResponseDefinition> definitions) {
        Map<GatewayResponseType, GatewayResponseCustomization> result = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> {
            String path = "gateway-responses[" + name + "]";
            GatewayResponseType type;
            try {
                type = GatewayResponseType.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add(path, "unknown gateway response type '" + name + "' (expected one of "
                        + Arrays.toString(GatewayResponseType.values()) + ")");
                return;
            }
            Integer status = definition.statusCode();
            if (status != null && (status < 100 || status > 599)) {
                problems.add(path + ".status-code", status + " is not an HTTP status code (100-599)");
                return;
            }
            boolean headersValid = true;
            for (Map.Entry<String, String> header : definition.headers().entrySet()) {
                String entry = path + ".response-parameters[gatewayresponse.header." + header.getKey() + "]";
                String value = header.getValue() == null ? "" : header.getValue().trim();
                if (header.getKey() == null || !HeaderSyntax.isToken(header.getKey())) {
                    problems.add(entry, "'" + header.getKey() + "' is not a valid header name");
                    headersValid = false;
                } else if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")
                        && !HeaderSyntax.isValidValue(value.substring(1, value.length() - 1))) {
                    problems.add(entry, HeaderSyntax.invalidValueReason(value.substring(1, value.length() - 1)));
                    headersValid = false;
                }
            }
            if (!headersValid) {
                return;
            }
            result.put(type, new GatewayResponseCustomization(status, definition.headers(),
                    templates(definition.templates(), path + ".response-templates")));
        });
        return result;
    }
}
