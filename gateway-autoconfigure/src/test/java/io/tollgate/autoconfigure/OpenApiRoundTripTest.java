package io.tollgate.autoconfigure;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.openapi.OpenApiExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST and HTTP API of the quickstart, exported with AWS's extensions and imported again (with the stages and
 * base path written beside the document, as an application would), is the same API; and each export is valid OpenAPI.
 */
class OpenApiRoundTripTest {

    private static final Path QUICKSTART = Path.of("../samples/quickstart/src/main/resources/application.yml");

    @Test
    void theQuickstartsApisSurviveExportAndImport(@org.junit.jupiter.api.io.TempDir Path directory) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        Resource yaml = new FileSystemResource(QUICKSTART);
        new YamlPropertySourceLoader().load("quickstart", yaml).forEach(environment.getPropertySources()::addLast);
        ApiDefinitionReader reader = new ApiDefinitionReader(List.of(), new OpenApiImports(new DefaultResourceLoader()));
        Map<String, Object> apis = DefinitionTrees.read(environment, "tollgate.apis");
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, Object> entry : apis.entrySet()) {
            @SuppressWarnings("unchecked") Map<String, Object> definition =
                    (Map<String, Object>) resolved(entry.getValue(), environment);
            Api api = reader.read(entry.getKey(), definition);
            if (api.type() == ApiType.WEBSOCKET) {
                continue;
            }
            for (OpenApiExporter.Format format : OpenApiExporter.Format.values()) {
                Map<String, Object> document = OpenApiExporter.export(api, new OpenApiExporter.Target("http",
                        "localhost:8080", api.basePath(), "1", "us-east-1", "123456789012"), format,
                        OpenApiExporter.Extensions.APIGATEWAY);
                String json = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document);
                if (format == OpenApiExporter.Format.OAS30) {
                    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
                    assertThat(parsed.getMessages()).as(entry.getKey() + " export: " + json).isEmpty();
                }
                Path file = directory.resolve(entry.getKey() + "-" + format + ".json");
                Files.writeString(file, json);
                Map<String, Object> beside = new LinkedHashMap<>();
                beside.put("openapi", "file:" + file.toAbsolutePath());
                for (String kept : List.of("type", "base-path", "stages", "integration-timeout", "max-request-body-size")) {
                    if (definition.containsKey(kept)) {
                        beside.put(kept, definition.get(kept));
                    }
                }
                Api imported = reader.read(entry.getKey(), beside);
                assertThat(ApiDescription.of(imported)).as(entry.getKey() + " " + format + " from " + json)
                        .isEqualTo(ApiDescription.of(api));
                compared.add(entry.getKey() + " " + format);
            }
        }
        assertThat(compared).contains("petstore OAS30", "petstore-rest SWAGGER", "petstore-web OAS30",
                "petstore-internal OAS30", "petstore-cached OAS30", "releases OAS30");
    }

    /** The tree with the configuration's placeholders resolved as Spring resolves them (stage variables stay). */
    private static Object resolved(Object node, StandardEnvironment environment) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), resolved(v, environment)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> resolved(v, environment)).toList();
        }
        return node instanceof String text ? environment.resolvePlaceholders(text) : node;
    }
}
