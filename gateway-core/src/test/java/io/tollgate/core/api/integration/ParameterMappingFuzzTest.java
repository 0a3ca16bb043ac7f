package io.tollgate.core.api.integration;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RequestParameter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes the parameter expressions of integrations: HTTP-API mappings ({@code append|overwrite|remove:header.x} with a
 * value template), REST request parameters ({@code integration.request.header.x} from {@code method.request.*},
 * {@code context.*}, {@code stageVariables.*} or {@code 'static'}) and integration responses (a selection pattern,
 * {@code method.response.header.x} from {@code integration.response.*}). Each input is refused with problems, never
 * with an exception, or gives a well-formed definition that parses again to the same.
 */
class ParameterMappingFuzzTest {

    private static final Set<String> RESERVED = Set.of("authorization", "connection", "content-encoding",
            "content-length", "content-location", "forwarded", "keep-alive", "origin", "proxy-authenticate",
            "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "via", "host");

    /** Line 1: the mapping key; the rest: its value. */
    @FuzzTest
    void mapping(byte[] input) {
        String[] lines = text(input).split("\n", 2);
        String key = lines[0];
        String value = lines.length > 1 ? lines[1] : null;
        Problems problems = new Problems();
        ParameterMapping mapping = ParameterMapping.parse(key, value, "request-parameters", problems);
        check((mapping == null) != problems.isEmpty(), "refused exactly when a problem is named: %s", key);
        if (mapping == null) {
            return;
        }
        check(mapping.key().equals(key) && mapping.value() != null, "key and value of %s", key);
        switch (mapping.target()) {
            case PATH -> check(mapping.action() == ParameterMapping.Action.OVERWRITE && !mapping.value().text().isEmpty(),
                    "only a non-empty overwrite:path: %s", key);
            case HEADER -> {
                String lower = mapping.name().toLowerCase(Locale.ROOT);
                check(isToken(mapping.name()), "header name %s of %s is a token", mapping.name(), key);
                check(!RESERVED.contains(lower) && !lower.startsWith("x-amz-") && !lower.startsWith("x-amzn-")
                        && !lower.startsWith("apigw-") && !lower.startsWith("access-control-"),
                        "reserved header %s mapped", mapping.name());
            }
            case QUERY_STRING -> check(!mapping.name().isEmpty(), "query name of %s", key);
        }
        ParameterMapping again = ParameterMapping.parse(key, mapping.value().text(), "request-parameters", new Problems());
        check(mapping.equals(again), "%s does not parse again to the same mapping", key);
    }

    /** Line 1: the request parameter's key; line 2: its source. */
    @FuzzTest
    void requestParameter(byte[] input) {
        String[] lines = text(input).split("\n", 2);
        String key = lines[0];
        String value = lines.length > 1 ? lines[1] : null;
        Problems problems = new Problems();
        RequestParameter parameter = RequestParameter.parse(key, value, "request-parameters", problems);
        check((parameter == null) != problems.isEmpty(), "refused exactly when a problem is named: %s", key);
        if (parameter != null) {
            check(!parameter.name().isEmpty() && key.endsWith(parameter.name()), "name of %s", key);
            checkSource(parameter.source(), value, false);
        }
        for (boolean response : new boolean[] {false, true}) {
            Problems sourceProblems = new Problems();
            ParameterSource source = ParameterSource.parse(value, response, "source", sourceProblems);
            check((source == null) != sourceProblems.isEmpty(), "refused exactly when a problem is named: %s", value);
            if (source != null) {
                checkSource(source, value, response);
            }
        }
    }

    private static void checkSource(ParameterSource source, String text, boolean response) {
        check(source.kind() != null && source.name() != null, "source of %s", text);
        String trimmed = text.trim();
        switch (source.kind()) {
            case STATIC -> check(trimmed.equals("'" + source.name() + "'"), "static source %s", text);
            case CONTEXT -> check(source.contextVariable() != null, "context source %s", text);
            case INTEGRATION_RESPONSE_BODY -> check(response && source.name().startsWith("$"), "body source %s", text);
            case INTEGRATION_RESPONSE_HEADER -> check(response && !source.name().isEmpty(), "header source %s", text);
            case METHOD_REQUEST_HEADER, METHOD_REQUEST_PATH, METHOD_REQUEST_QUERYSTRING ->
                    check(!response && !source.name().isEmpty() && trimmed.endsWith(source.name()), "request source %s", text);
            case STAGE_VARIABLE -> check(!source.name().isEmpty(), "stage variable source %s", text);
        }
        ParameterSource again = ParameterSource.parse(text, response, "source", new Problems());
        check(source.equals(again), "%s does not parse again to the same source", text);
    }

    /**
     * An integration response: line 1 its selection pattern (empty: the default response), line 2 its status, then
     * {@code key=value} response parameters, and {@code media/type=template} lines after a line {@code --}.
     */
    @FuzzTest
    void integrationResponse(byte[] input) {
        String[] lines = text(input).split("\n", 40);
        IntegrationResponseSpec spec;
        try {
            spec = IntegrationResponseSpec.status(lines.length > 1 ? Integer.valueOf(lines[1].trim()) : null);
        } catch (NumberFormatException e) {
            spec = IntegrationResponseSpec.status(null);
        }
        spec.selectionPattern(lines[0]);
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        boolean inTemplates = false;
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].equals("--")) {
                inTemplates = true;
                continue;
            }
            int eq = lines[i].indexOf('=');
            String k = eq < 0 ? lines[i] : lines[i].substring(0, eq);
            String v = eq < 0 ? null : lines[i].substring(eq + 1);
            (inTemplates ? templates : parameters).put(k, v);
        }
        spec.responseParameters(parameters).responseTemplates(templates);
        Problems problems = new Problems();
        NonProxyMapping mapping = new NonProxyValidator(problems)
                .mapping(IntegrationSpec.mock(200).integrationResponse(spec), true, "integration");
        check(mapping != null, "a mapping, with or without problems");
        if (!problems.isEmpty()) {
            return;
        }
        check(mapping.integrationResponses().size() == 1, "one integration response");
        IntegrationResponse response = mapping.integrationResponses().get(0);
        check(response.statusCode() >= 100 && response.statusCode() <= 599, "status %s", response.statusCode());
        check(response.isDefault() == lines[0].isEmpty(), "default exactly without a pattern: %s", lines[0]);
        if (!response.isDefault()) {
            check(response.selectionPattern().pattern().equals(lines[0]), "the pattern as written");
            response.selectionPattern().matcher(Integer.toString(response.statusCode())).matches();
        }
        for (IntegrationResponse.ResponseParameter parameter : response.responseParameters()) {
            check(parameter.key().equals("method.response.header." + parameter.header()) && !parameter.header().isEmpty(),
                    "response parameter %s", parameter.key());
            check(parameter.source() != null, "response parameter source");
        }
        response.responseTemplates().keySet().forEach(type -> check(type.indexOf('/') > 0
                && type.equals(type.toLowerCase(Locale.ROOT)) && !type.contains(" ") && !type.contains(";"),
                "media type %s", type));
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
