package io.tollgate.core.nonproxy;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.IntegrationResponse;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.api.integration.NonProxyMapping;
import io.tollgate.core.mapping.MappingTemplate;
import io.tollgate.core.mapping.TemplateSyntaxException;
import io.tollgate.core.pipeline.ModelCheck;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles every mapping template of every API before anything is built, so that each template that does not parse
 * is reported, all of them in one run, under its own property path
 * ({@code shop.routes[0].integration.integration-responses[1].response-templates[application/json]}) with the line,
 * column and directive at fault.
 */
public final class TemplateCheck implements ModelCheck {

    @Override
    public List<Problem> check(List<Api> apis) {
        List<Problem> problems = new ArrayList<>();
        for (Api api : apis) {
            for (int i = 0; i < api.routes().size(); i++) {
                Route route = api.routes().get(i);
                NonProxyMapping mapping = mapping(route.integration());
                if (mapping == null) {
                    continue;
                }
                String path = api.name() + ".routes[" + i + "].integration";
                check(mapping.requestTemplates(), path + ".request-templates", problems);
                for (int r = 0; r < mapping.integrationResponses().size(); r++) {
                    IntegrationResponse response = mapping.integrationResponses().get(r);
                    check(response.responseTemplates(), path + ".integration-responses[" + r + "].response-templates",
                            problems);
                }
            }
        }
        return problems;
    }

    /**
     * Compiles {@code templates} (by content type) and adds a problem for each that does not parse, named
     * {@code path[content/type]}.
     */
    public static void check(Map<String, String> templates, String path, List<Problem> problems) {
        templates.forEach((contentType, source) -> {
            String templatePath = path + "[" + contentType + "]";
            try {
                MappingTemplate.compile(templatePath, source);
            } catch (TemplateSyntaxException e) {
                problems.add(new Problem(templatePath, (e.detail().startsWith("at line") ? "syntax error "
                        : "invalid mapping template: ") + e.detail()));
            }
        });
    }

    /** The non-proxy mapping of {@code integration}, or null when it has none (a proxy integration). */
    static @Nullable NonProxyMapping mapping(Integration integration) {
        if (integration instanceof HttpIntegration http) {
            return http.mapping();
        }
        if (integration instanceof MockIntegration mock) {
            return mock.mapping();
        }
        if (integration instanceof FunctionIntegration function && !function.proxy()) {
            return function.mapping();
        }
        return null;
    }
}
