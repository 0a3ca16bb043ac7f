package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.openapi.ImportOptions;
import io.tollgate.core.openapi.ImportWarning;
import io.tollgate.core.openapi.OpenApiExporter;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Mount;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The actuator's OpenAPI operations: the imports ({@code GET /actuator/tollgate/openapi}: each API's document, title,
 * version and warnings) and the export of a stage
 * ({@code GET /actuator/tollgate/apis/{api}/stages/{stage}/export?type=oas30|swagger&extensions=none|integrations|
 * authorizers|apigateway}, JSON or YAML by {@code Accept}, as AWS's {@code GetExport}).
 */
final class OpenApiEndpointPart {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** YAML as AWS's exports write it: no document start marker. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    /** What an export is written as, chosen by the request's {@code Accept}. */
    enum ExportMediaType implements Producible<ExportMediaType> {
        JSON("application/json"), YAML("application/yaml");

        private final MimeType type;

        ExportMediaType(String type) {
            this.type = MimeType.valueOf(type);
        }

        @Override
        public MimeType getProducedMimeType() {
            return type;
        }

        @Override
        public boolean isDefault() {
            return this == JSON;
        }
    }

    private final @Nullable OpenApiImports imports;

    OpenApiEndpointPart(@Nullable OpenApiImports imports) {
        this.imports = imports;
    }

    /** Each imported API: its document, title, version and warnings. */
    WebEndpointResponse<Object> imports() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (imports != null) {
            imports.results().forEach((api, result) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("document", result.location());
                entry.put("title", result.imported().title());
                entry.put("version", result.imported().version());
                entry.put("type", result.imported().type().name());
                entry.put("warnings", result.imported().warnings().stream().map(ImportWarning::toString).toList());
                body.put(api, entry);
            });
        }
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    /** Stage {@code stage} of API {@code api} as an OpenAPI document. */
    WebEndpointResponse<Object> export(Gateway gateway, String api, String stage, @Nullable String type,
                                       @Nullable String extensions, @Nullable String server, ExportMediaType mediaType) {
        Optional<Mount> mount = gateway.mounts().stream()
                .filter(m -> m.api().name().equals(api) && m.stage().name().equals(stage)).findFirst();
        if (mount.isEmpty()) {
            return UsageEndpointPart.notFound("stage '" + stage + "' of api '" + api + "'");
        }
        Api model = mount.get().api();
        if (model.type() == ApiType.WEBSOCKET) {
            return badRequest("api '" + api + "' is a WebSocket API: AWS exports REST and HTTP APIs only");
        }
        OpenApiExporter.Format format;
        OpenApiExporter.Extensions extension;
        try {
            format = type == null ? OpenApiExporter.Format.OAS30 : OpenApiExporter.Format.of(type);
            extension = extensions == null ? OpenApiExporter.Extensions.NONE : OpenApiExporter.Extensions.of(extensions);
        } catch (IllegalArgumentException e) {
            return badRequest("type must be oas30 or swagger, extensions none, integrations, authorizers or apigateway");
        }
        String scheme = "http";
        String host = "localhost";
        if (server != null && !server.isBlank()) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(server.trim());
            } catch (IllegalArgumentException e) {
                return badRequest("server must be a URL such as https://api.example.com");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                return badRequest("server must be a URL such as https://api.example.com");
            }
            scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
        String deployment = mount.get().stage().deploymentId();
        Map<String, Object> document = OpenApiExporter.export(model, new OpenApiExporter.Target(scheme, host,
                mount.get().prefix(), deployment.isEmpty() ? "1" : deployment, ImportOptions.DEFAULTS.region(),
                ImportOptions.DEFAULTS.accountId()), format, extension);
        String text = (mediaType == ExportMediaType.YAML ? YAML : JSON).writeValueAsString(document);
        return new WebEndpointResponse<>(text, WebEndpointResponse.STATUS_OK, mediaType.getProducedMimeType());
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("message", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}
