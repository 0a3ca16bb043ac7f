package io.tollgate.core.api.integration;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.RouteKey;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes integration URI templates ({@code ${stageVariables.backend}/pets/{id}}). Parsing never fails and splits the
 * text losslessly into text, path variables and stage variables; substituting stage variables leaves the path
 * variables in place. Through an API's validation, a URI is either refused as a definition problem or names only the
 * route's path variables and defined stage variables and is an absolute http(s) URI with a host.
 */
class UriTemplateFuzzTest {

    private static final Pattern TOKEN = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}|\\{([A-Za-z0-9._-]+)\\+?}");

    @FuzzTest
    void parse(byte[] input) {
        String text = text(input);
        UriTemplate template = UriTemplate.parse(text);
        check(template.text().equals(text), "text() is the template as written");
        List<UriTemplate.Part> parts = template.parts();
        int position = 0;
        Map<String, String> variables = new LinkedHashMap<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            UriTemplate.Part part = parts.get(i);
            if (part instanceof UriTemplate.Text t) {
                check(!t.value().isEmpty() && !TOKEN.matcher(t.value()).find(), "text part %s of %s", t.value(), text);
                check(i == 0 || !(parts.get(i - 1) instanceof UriTemplate.Text), "two text parts in a row in %s", text);
                check(text.startsWith(t.value(), position), "text part %s out of place in %s", t.value(), text);
                position += t.value().length();
                expected.append(t.value());
            } else if (part instanceof UriTemplate.PathVariable v) {
                String plain = "{" + v.name() + "}";
                String greedy = "{" + v.name() + "+}";
                check(text.startsWith(plain, position) || text.startsWith(greedy, position), "{%s} out of place", v.name());
                position += text.startsWith(plain, position) ? plain.length() : greedy.length();
                expected.append("<path>");
            } else {
                UriTemplate.StageVariable s = (UriTemplate.StageVariable) part;
                String token = "${stageVariables." + s.name() + "}";
                check(text.startsWith(token, position), "%s out of place in %s", token, text);
                position += token.length();
                String value = "[" + s.name().length() + "]";
                variables.put(s.name(), value);
                expected.append(value);
            }
        }
        check(position == text.length(), "the parts of %s do not cover it", text);

        UriTemplate resolved = template.resolveStageVariables(variables);
        check(resolved.parts().stream().noneMatch(UriTemplate.StageVariable.class::isInstance), "stage variables left");
        check(resolved.parts().stream().filter(UriTemplate.PathVariable.class::isInstance).toList()
                .equals(parts.stream().filter(UriTemplate.PathVariable.class::isInstance).toList()), "path variables kept");
        check(resolved.sample("<path>").equals(expected.toString()), "resolved sample of %s", text);
        check(template.resolveStageVariables(Map.of()).sample("x").length() <= text.length(),
                "missing stage variables are empty, path variables one character: %s", text);
    }

    /** Line 1: a route key; line 2: the integration URI; then the stage's variables, {@code name=value}. */
    @FuzzTest
    void validate(byte[] input) {
        String[] lines = text(input).split("\n", 12);
        if (lines.length < 2) {
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 2; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                variables.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        Api api;
        try {
            api = Api.builder("fuzz").stage("$default", variables)
                    .route(lines[0], IntegrationSpec.httpProxy(lines[1]))
                    .build();
        } catch (InvalidDefinitionException refused) {
            check(!refused.problems().isEmpty(), "a refusal names its problems");
            return;
        }
        RouteKey key = api.routes().get(0).key();
        HttpProxyIntegration integration = (HttpProxyIntegration) api.routes().get(0).integration();
        UriTemplate uri = integration.uri();
        check(uri.text().equals(lines[1].trim()), "the URI as written, trimmed");
        for (UriTemplate.Part part : uri.parts()) {
            if (part instanceof UriTemplate.PathVariable v) {
                check(key.pathVariableNames().contains(v.name()), "{%s} is no variable of %s", v.name(), key);
            } else if (part instanceof UriTemplate.StageVariable s) {
                check(variables.containsKey(s.name()), "${stageVariables.%s} is not defined", s.name());
            }
        }
        String sample = uri.resolveStageVariables(api.stages().get(0).variables()).sample("x");
        URI parsed;
        try {
            parsed = new URI(sample);
        } catch (URISyntaxException e) {
            throw new AssertionError("accepted " + lines[1] + " renders as an invalid URI " + sample, e);
        }
        check(parsed.getScheme() != null && parsed.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")
                && parsed.getHost() != null && parsed.getRawFragment() == null, "accepted %s as %s", lines[1], sample);
    }
}
