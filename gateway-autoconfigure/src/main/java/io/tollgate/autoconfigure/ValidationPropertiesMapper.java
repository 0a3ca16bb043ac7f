package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.autoconfigure.TollgateProperties.RouteProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Maps request validation: an API's {@code models} (schema text, or {@code classpath:}/{@code file:} locations read
 * at startup) and a route's {@code request-validator}, {@code request-parameters} and {@code request-models}.
 */
final class ValidationPropertiesMapper {

    private static final DefaultResourceLoader RESOURCES = new DefaultResourceLoader();

    private ValidationPropertiesMapper() {
    }

    static void models(Api.Builder builder, Map<String, String> models, String prefix, List<Problem> problems) {
        models.forEach((name, value) -> {
            String schema = value == null ? null : value.trim();
            if (schema != null && (schema.startsWith("classpath:") || schema.startsWith("file:"))) {
                schema = read(schema, prefix + "models[" + name + "]", problems);
                if (schema == null) {
                    return;
                }
            }
            model(builder, name, schema);
        });
    }

    @SuppressWarnings("NullAway") // a missing schema is reported by the API's validation (must be a JSON schema)
    private static void model(Api.Builder builder, String name, @Nullable String schema) {
        builder.model(name, schema);
    }

    static void route(RouteSpec spec, RouteProperties route) {
        spec.requestValidator(route.requestValidator())
                .requestParameters(route.requestParameters())
                .requestModels(route.requestModels());
    }

    private static @Nullable String read(String location, String path, List<Problem> problems) {
        Resource resource = RESOURCES.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(path, "cannot read the schema at '" + location + "': " + e.getMessage()));
            return null;
        }
    }
}
