package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.server.deploy.ApiDefinitions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a posted API definition (the shape of the {@code tollgate.apis.<name>} properties) exactly as the application's
 * configuration is read: the same binding, the same checks (unknown properties with their nearest known name, values
 * of the wrong type, the model's and the templates' problems) and the same messages, each named by its property path
 * ({@code tollgate.apis.petstore.routes[0].route-key}); then the application's {@link TollgateApiCustomizer}s. A
 * definition naming an OpenAPI document ({@code openapi}) is imported first ({@link OpenApiImports#expand}).
 */
final class ApiDefinitionReader implements ApiDefinitions {

    private final List<TollgateApiCustomizer> customizers;
    private final @Nullable OpenApiImports imports;

    ApiDefinitionReader(List<TollgateApiCustomizer> customizers, @Nullable OpenApiImports imports) {
        this.customizers = List.copyOf(customizers);
        this.imports = imports;
    }

    @Override
    public Api read(String api, Map<String, Object> definition) {
        String prefix = "tollgate.apis." + api;
        Map<String, Object> expanded = definition;
        if (definition.containsKey("openapi")) {
            if (imports == null) {
                throw new InvalidDefinitionException("api '" + api + "'", List.of(new Problem(prefix + ".openapi",
                        "OpenAPI imports are off (tollgate.openapi.enabled=false)")));
            }
            expanded = imports.expand(api, definition).definition();
        }
        ConfigurableEnvironment environment = environment(DefinitionTrees.flatten(prefix, expanded));
        List<Problem> problems = new ArrayList<>();
        // as at startup: the model's checks wait for the customizers when there are some (they may complete it)
        for (ConfigurationCheck.Finding finding : ConfigurationCheck.run(environment, true, customizers.isEmpty())) {
            problems.add(new Problem(finding.property(), finding.fix() == null ? finding.message()
                    : finding.message() + " (" + finding.fix() + ")"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("api '" + api + "'", problems);
        }
        TollgateProperties properties = Binder.get(environment).bind("tollgate", Bindable.of(TollgateProperties.class))
                .orElseThrow(() -> new InvalidDefinitionException("api '" + api + "'",
                        List.of(new Problem(prefix, "the definition is empty"))));
        List<Api> apis = ApiPropertiesMapper.map(properties, customizers);
        if (apis.size() != 1 || !apis.get(0).name().equals(api)) {
            throw new InvalidDefinitionException("api '" + api + "'", List.of(new Problem(prefix,
                    "the definition is empty")));
        }
        return apis.get(0);
    }

    /** An environment of the definition's properties alone: neither system properties nor environment variables. */
    private static ConfigurableEnvironment environment(Map<String, Object> properties) {
        ConfigurableEnvironment environment = new AbstractEnvironment() {
        };
        environment.getPropertySources().addFirst(new MapPropertySource("posted definition", properties));
        return environment;
    }
}
