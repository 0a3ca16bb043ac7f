package io.tollgate.benchmarks;

import io.tollgate.core.openapi.ImportOptions;
import io.tollgate.core.openapi.ImportedApi;
import io.tollgate.core.openapi.OpenApiImporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes an OpenAPI document of N operations with AWS's extensions (REST: HTTP proxies, HTTP integrations with
 * templates and responses, mocks, Lambda proxy and non-proxy integrations, a TOKEN authorizer, API keys, validators
 * and models), then times its import (the importer alone, in this JVM: median of the runs after a warm-up).
 * {@code benchmarks/openapi-import.sh} serves the document from the quickstart to measure startup time and memory.
 *
 * <p>Arguments: operations (default 1000), the file to write (default {@code target/openapi-1000.json}), runs (20).
 */
public final class OpenApiImportBenchmark {

    private OpenApiImportBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path file = Path.of(args.length > 1 ? args[1] : "target/openapi-" + operations + ".json");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String document = document(operations);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, document);
        OpenApiImporter importer = new OpenApiImporter(ImportOptions.DEFAULTS);
        List<Long> times = new ArrayList<>();
        ImportedApi last = null;
        for (int i = 0; i < runs + 5; i++) {
            long start = System.nanoTime();
            last = importer.importDocument(file.toString(), document);
            long took = System.nanoTime() - start;
            if (i >= 5) {
                times.add(took);
            }
        }
        Collections.sort(times);
        System.out.printf("document: %s, %d operations, %d bytes%n", file, operations, document.length());
        System.out.printf("import: median %.1f ms, min %.1f ms over %d runs (after 5 warm-up runs); %d routes, %d warnings%n",
                times.get(times.size() / 2) / 1e6, times.get(0) / 1e6, runs,
                ((List<?>) last.definition().get("routes")).size(), last.warnings().size());
    }

    /** A REST API of {@code operations} operations, four per resource, of every integration kind. */
    static String document(int operations) {
        StringBuilder paths = new StringBuilder();
        String[] methods = {"get", "post", "put", "delete"};
        int resources = (operations + methods.length - 1) / methods.length;
        int written = 0;
        for (int r = 0; r < resources && written < operations; r++) {
            if (r > 0) {
                paths.append(",\n");
            }
            paths.append("    \"/resources").append(r).append("/{id}\": {");
            for (int m = 0; m < methods.length && written < operations; m++, written++) {
                if (m > 0) {
                    paths.append(',');
                }
                paths.append("\n      \"").append(methods[m]).append("\": ").append(operation(written, methods[m]));
            }
            paths.append("\n    }");
        }
        return """
                {
                  "swagger": "2.0",
                  "info": {"title": "big", "version": "1"},
                  "basePath": "/prod",
                  "x-amazon-apigateway-request-validators": {
                    "all": {"validateRequestBody": true, "validateRequestParameters": true}},
                  "securityDefinitions": {
                    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
                    "token": {"type": "apiKey", "name": "Authorization", "in": "header",
                      "x-amazon-apigateway-authtype": "custom",
                      "x-amazon-apigateway-authorizer": {"type": "token", "authorizerResultTtlInSeconds": 300,
                        "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:petTokenAuthorizer/invocations"}}},
                  "definitions": {
                    "Pet": {"type": "object", "required": ["name"],
                      "properties": {"name": {"type": "string"}, "price": {"type": "number", "minimum": 0}}}},
                  "paths": {
                """ + paths + """

                  }
                }
                """;
    }

    private static String operation(int index, String method) {
        String security = switch (index % 3) {
            case 0 -> "";
            case 1 -> "\"security\": [{\"api_key\": []}], ";
            default -> "\"security\": [{\"token\": []}], ";
        };
        String parameters = "\"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"type\": \"string\"},"
                + " {\"name\": \"q\", \"in\": \"query\", \"required\": false, \"type\": \"string\"}"
                + (method.equals("post") ? ", {\"in\": \"body\", \"name\": \"Pet\", \"required\": true, "
                + "\"schema\": {\"$ref\": \"#/definitions/Pet\"}}], \"x-amazon-apigateway-request-validator\": \"all\", "
                : "], ");
        String integration = switch (index % 5) {
            case 0 -> "{\"type\": \"http_proxy\", \"httpMethod\": \"ANY\", "
                    + "\"uri\": \"http://127.0.0.1:${stageVariables.port}/backend/pets/{id}\"}";
            case 1 -> "{\"type\": \"http\", \"httpMethod\": \"GET\", "
                    + "\"uri\": \"http://127.0.0.1:${stageVariables.port}/backend/pets/{id}\", "
                    + "\"requestParameters\": {\"integration.request.path.id\": \"method.request.path.id\"}, "
                    + "\"passthroughBehavior\": \"when_no_templates\", "
                    + "\"responses\": {\"default\": {\"statusCode\": \"200\", \"responseTemplates\": "
                    + "{\"application/json\": \"{\\\"name\\\": \\\"$input.path('$.name')\\\", \\\"n\\\": " + index + "}\"}}, "
                    + "\"404\": {\"statusCode\": \"404\"}}}";
            case 2 -> "{\"type\": \"mock\", \"requestTemplates\": {\"application/json\": \"{\\\"statusCode\\\": 200}\"}, "
                    + "\"responses\": {\"default\": {\"statusCode\": \"200\", \"responseTemplates\": "
                    + "{\"application/json\": \"{\\\"operation\\\": " + index + "}\"}}}}";
            case 3 -> "{\"type\": \"aws_proxy\", \"httpMethod\": \"POST\", \"uri\": "
                    + "\"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:petFunction/invocations\"}";
            default -> "{\"type\": \"aws\", \"httpMethod\": \"POST\", \"uri\": "
                    + "\"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:petFunction/invocations\", "
                    + "\"requestTemplates\": {\"application/json\": \"{\\\"id\\\": \\\"$input.params('id')\\\"}\"}, "
                    + "\"responses\": {\"default\": {\"statusCode\": \"200\"}, \".*not found.*\": {\"statusCode\": \"404\"}}}";
        };
        return "{" + security + parameters + "\"responses\": {\"200\": {\"description\": \"ok\"}}, "
                + "\"x-amazon-apigateway-integration\": " + integration + "}";
    }
}
