package io.tollgate.core.openapi;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiImporterTest {

    private static final OpenApiImporter DEFAULTS = new OpenApiImporter(ImportOptions.DEFAULTS);

    static String resource(String name) throws IOException {
        try (InputStream in = OpenApiImporterTest.class.getResourceAsStream("/openapi/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> routes(ImportedApi api) {
        return (List<Map<String, Object>>) api.definition().get("routes");
    }

    private static Map<String, Object> route(ImportedApi api, String key) {
        return routes(api).stream().filter(r -> key.equals(r.get("route-key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + key + " in " + routes(api)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> integration(ImportedApi api, String key) {
        return (Map<String, Object>) route(api, key).get("integration");
    }

    @Test
    void awsPetStoreExampleImportsAsARestApiWithMocksHttpIntegrationsAndModels() throws IOException {
        ImportedApi api = DEFAULTS.importDocument("petstore.json", resource("aws/petstore.json"));

        assertThat(api.type()).isEqualTo(ApiType.REST);
        assertThat(api.title()).isEqualTo("PetStore");
        assertThat(routes(api)).extracting(r -> r.get("route-key")).containsExactly("GET /", "GET /pets",
                "POST /pets", "OPTIONS /pets", "GET /pets/{petId}", "OPTIONS /pets/{petId}");
        assertThat(integration(api, "GET /")).containsEntry("type", "MOCK")
                .containsEntry("request-templates", Map.of("application/json", "{\"statusCode\": 200}"))
                .containsEntry("passthrough-behavior", "WHEN_NO_MATCH");
        assertThat(integration(api, "GET /pets")).containsEntry("type", "HTTP").containsEntry("method", "GET")
                .containsEntry("uri", "http://petstore-demo-endpoint.execute-api.com/petstore/pets")
                .containsEntry("request-parameters", Map.of(
                        "integration.request.querystring.page", "method.request.querystring.page",
                        "integration.request.querystring.type", "method.request.querystring.type"))
                .containsEntry("integration-responses", List.of(Map.of("status-code", 200, "response-parameters",
                        Map.of("method.response.header.Access-Control-Allow-Origin", "'*'"))));
        assertThat(route(api, "GET /pets/{petId}")).doesNotContainKey("request-parameters");
        assertThat(route(api, "GET /pets")).containsEntry("request-parameters",
                Map.of("method.request.querystring.type", false, "method.request.querystring.page", false));
        // a body parameter ($ref) becomes the route's model; the models stand alone (references inlined)
        assertThat(route(api, "POST /pets")).containsEntry("request-models", Map.of("application/json", "NewPet"));
        assertThat(api.definition().get("models")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("NewPet", "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\",\"enum\":"
                        + "[\"dog\",\"cat\",\"fish\",\"bird\",\"gecko\"]},\"price\":{\"type\":\"number\"}}}");
        // what is not served is said, with its pointer and line
        assertThat(api.warnings()).extracting(ImportWarning::toString)
                .contains("/x-amazon-apigateway-documentation (line 377): documentation parts are not kept; ignored");
        assertThat(api.items().get("routes[4].integration"))
                .isEqualTo(new DocumentItem("/paths/~1pets~1{petId}/get/x-amazon-apigateway-integration", 244));
    }

    @Test
    void httpApiImportsJwtAuthorizersCorsLambdaProxiesAndTheDefaultRoute() {
        String document = """
                openapi: 3.0.1
                info: {title: http-api, version: '1'}
                x-amazon-apigateway-cors:
                  allowOrigins: ['https://example.com']
                  allowMethods: [GET, POST]
                  allowCredentials: true
                  maxAge: 600
                components:
                  securitySchemes:
                    jwt:
                      type: oauth2
                      flows: {}
                      x-amazon-apigateway-authorizer:
                        type: JWT
                        identitySource: $request.header.Authorization
                        jwtConfiguration: {issuer: 'https://issuer.example.com', audience: [api]}
                  x-amazon-apigateway-integrations:
                    orders:
                      type: HTTP_PROXY
                      httpMethod: ANY
                      uri: 'http://${stageVariables.host}/orders'
                      payloadFormatVersion: '1.0'
                      requestParameters: {'append:header.x-source': gateway}
                paths:
                  /orders:
                    get:
                      security: [{jwt: [orders/read]}]
                      x-amazon-apigateway-integration: {$ref: '#/components/x-amazon-apigateway-integrations/orders'}
                  /calc:
                    post:
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri: 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:Calculator:live/invocations'
                        payloadFormatVersion: 1.0
                  /$default:
                    x-amazon-apigateway-any-method:
                      isDefaultRoute: true
                      x-amazon-apigateway-integration:
                        type: http_proxy
                        httpMethod: ANY
                        uri: {'Fn::Sub': 'https://${Backend}/'}
                        payloadFormatVersion: '1.0'
                """;
        ImportedApi api = new OpenApiImporter(ImportOptions.DEFAULTS.withFunctions(Map.of("Calculator:live", "calc")))
                .importDocument("http.yaml", document);

        assertThat(api.type()).isEqualTo(ApiType.HTTP);
        assertThat(api.definition().get("cors")).isEqualTo(Map.of("allow-origins", List.of("https://example.com"),
                "allow-methods", List.of("GET", "POST"), "allow-credentials", true, "max-age", "600s"));
        assertThat(api.definition().get("authorizers")).isEqualTo(Map.of("jwt", Map.of("type", "JWT",
                "issuer", "https://issuer.example.com", "audiences", List.of("api"),
                "identity-sources", List.of("$request.header.Authorization"))));
        assertThat(route(api, "GET /orders")).containsEntry("authorizer", "jwt")
                .containsEntry("authorization-scopes", List.of("orders/read"));
        assertThat(integration(api, "GET /orders")).containsEntry("type", "HTTP_PROXY")
                .containsEntry("uri", "http://${stageVariables.host}/orders")
                .containsEntry("request-parameters", Map.of("append:header.x-source", "gateway"));
        assertThat(integration(api, "POST /calc")).isEqualTo(Map.of("type", "FUNCTION", "function", "calc",
                "payload-format-version", "1.0"));
        // a CloudFormation function is not OpenAPI: said, and the route answers AWS's 500
        assertThat(integration(api, "$default")).containsEntry("type", "MOCK").containsEntry("status", 500);
        assertThat(api.warnings()).extracting(ImportWarning::pointer)
                .contains("/paths/~1$default/x-amazon-apigateway-any-method/x-amazon-apigateway-integration/uri");
        assertThat(api.warnings()).extracting(ImportWarning::message)
                .anyMatch(m -> m.startsWith("CloudFormation's Fn::Sub is not OpenAPI"));
    }

    @Test
    void restSecurityValidatorsGatewayResponsesAndServiceIntegrations() {
        String document = """
                {"swagger": "2.0", "info": {"title": "secure", "version": "1"},
                 "x-amazon-apigateway-api-key-source": "header",
                 "x-amazon-apigateway-request-validators": {
                   "all": {"validateRequestBody": true, "validateRequestParameters": true},
                   "params": {"validateRequestBody": false, "validateRequestParameters": "true"}},
                 "x-amazon-apigateway-request-validator": "params",
                 "x-amazon-apigateway-binary-media-types": ["image/png", "*/*"],
                 "x-amazon-apigateway-gateway-responses": {
                   "UNAUTHORIZED": {"statusCode": "401",
                     "responseParameters": {"gatewayresponse.header.WWW-Authenticate": "'Bearer'"},
                     "responseTemplates": {"application/json": "{\\"message\\": $context.error.messageString}"}},
                   "NOT_A_TYPE": {"statusCode": 400}},
                 "securityDefinitions": {
                   "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
                   "token": {"type": "apiKey", "name": "Auth", "in": "header",
                     "x-amazon-apigateway-authtype": "custom",
                     "x-amazon-apigateway-authorizer": {"type": "TOKEN",
                       "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:checkToken/invocations",
                       "authorizerResultTtlInSeconds": "60", "identityValidationExpression": "^Bearer .+$"}},
                   "pool": {"type": "apiKey", "name": "Authorization", "in": "header",
                     "x-amazon-apigateway-authtype": "cognito_user_pools",
                     "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
                       "providerARNs": ["arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_AbC"]}},
                   "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                     "x-amazon-apigateway-authtype": "awsSigv4"}},
                 "security": [{"token": []}],
                 "paths": {
                   "/items": {
                     "get": {"security": [{"api_key": []}, {"pool": ["items/read"]}],
                       "x-amazon-apigateway-request-validator": "all",
                       "x-amazon-apigateway-integration": {"type": "MOCK",
                         "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"},
                         "responses": {"default": {"statusCode": 200}, "5\\\\d{2}": {"statusCode": "500"}}}},
                     "post": {"x-amazon-apigateway-integration": {"type": "AWS",
                       "uri": "arn:aws:apigateway:us-east-1:sqs:path/1/queue", "httpMethod": "POST"}},
                     "delete": {"security": [], "x-amazon-apigateway-auth": {"type": "aws_iam"},
                       "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "DELETE",
                         "uri": "http://backend/items/{item}",
                         "requestParameters": {"integration.request.path.item": "method.request.path.id",
                           "integration.request.header.x-id": "method.request.header.x-item",
                           "integration.request.querystring.src": "'gateway'"}}}},
                   "/items/{id}": {"get": {"security": [],
                     "x-amazon-apigateway-integration": {"type": "aws",
                       "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:getItem/invocations",
                       "httpMethod": "POST", "passthroughBehavior": "WHEN_NO_TEMPLATES",
                       "requestTemplates": {"application/json": "{\\"id\\": \\"$input.params('id')\\"}"},
                       "responses": {"default": {"statusCode": "200"}, ".*not found.*": {"statusCode": "404"}}}}}}}
                """;
        ImportedApi api = DEFAULTS.importDocument("secure.json", document);

        assertThat(api.definition()).containsEntry("api-key-source", "HEADER")
                .containsEntry("binary-media-types", List.of("image/png", "*/*"));
        assertThat(api.definition().get("gateway-responses")).isEqualTo(Map.of("UNAUTHORIZED", Map.of(
                "status-code", 401, "response-parameters", Map.of("gatewayresponse.header.WWW-Authenticate", "'Bearer'"),
                "response-templates", Map.of("application/json", "{\"message\": $context.error.messageString}"))));
        assertThat(api.definition().get("authorizers")).isEqualTo(Map.of(
                "token", Map.of("type", "TOKEN", "implementation", "checkToken",
                        "identity-sources", List.of("method.request.header.Auth"),
                        "validation-expression", "^Bearer .+$", "result-ttl", "60s"),
                "pool", Map.of("type", "JWT", "issuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
                        "identity-sources", List.of("method.request.header.Authorization"))));
        // an operation's own security replaces the document's; several requirements apply together
        assertThat(route(api, "GET /items")).containsEntry("api-key-required", true)
                .containsEntry("authorizer", "pool").containsEntry("authorization-scopes", List.of("items/read"))
                .containsEntry("request-validator", "FULL");
        assertThat(route(api, "POST /items")).containsEntry("authorizer", "token")
                .containsEntry("request-validator", "PARAMS_ONLY");
        assertThat(integration(api, "GET /items").get("integration-responses")).isEqualTo(List.of(
                Map.of("status-code", 200), Map.of("selection-pattern", "5\\d{2}", "status-code", 500)));
        assertThat(integration(api, "POST /items")).containsEntry("status", 500);
        assertThat(route(api, "DELETE /items")).containsEntry("authorization-type", "AWS_IAM")
                .doesNotContainKey("authorizer");
        // a REST proxy's mappings: the renamed path variable names the route's, the others become overwrites
        assertThat(integration(api, "DELETE /items")).containsEntry("uri", "http://backend/items/{id}")
                .containsEntry("request-parameters", Map.of("overwrite:header.x-id", "$request.header.x-item",
                        "overwrite:querystring.src", "gateway"));
        assertThat(integration(api, "GET /items/{id}")).containsEntry("type", "FUNCTION")
                .containsEntry("function", "getItem").containsEntry("proxy", false)
                .containsEntry("passthrough-behavior", "WHEN_NO_TEMPLATES");
        assertThat(route(api, "GET /items/{id}")).doesNotContainKeys("authorizer", "authorization-type");
        assertThat(api.warnings()).extracting(ImportWarning::toString).contains(
                "/x-amazon-apigateway-gateway-responses/NOT_A_TYPE (line 12): unknown gateway response type "
                        + "'NOT_A_TYPE'; ignored",
                "/paths/~1items/get/security (line 29): several security requirements: all of them apply together, "
                        + "as AWS applies them");
        assertThat(api.warnings()).extracting(ImportWarning::pointer)
                .contains("/paths/~1items/post/x-amazon-apigateway-integration/uri");
    }

    @Test
    void basePathIsIgnoredPrependedOrSplitAsAwsDoes() {
        String document = """
                openapi: 3.0.1
                info: {title: base, version: '1'}
                servers: [{url: 'https://example.com/{basePath}', variables: {basePath: {default: /base-url/part/}}}]
                paths:
                  /test:
                    get:
                      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}}
                """;
        assertThat(routes(DEFAULTS.importDocument("b.yaml", document))).extracting(r -> r.get("route-key"))
                .containsExactly("GET /test");
        assertThat(routes(new OpenApiImporter(ImportOptions.DEFAULTS.withBasePath(BasePathMode.PREPEND))
                .importDocument("b.yaml", document))).extracting(r -> r.get("route-key"))
                .containsExactly("GET /base-url/part/test");
        assertThat(routes(new OpenApiImporter(ImportOptions.DEFAULTS.withBasePath(BasePathMode.of("split")))
                .importDocument("b.yaml", document))).extracting(r -> r.get("route-key"))
                .containsExactly("GET /part/test");
    }

    @Test
    void aMalformedDocumentFailsWithItsLineAndAnUnknownOneSaysWhatItIsNot() {
        assertThatThrownBy(() -> DEFAULTS.importDocument("bad.json", "{\n  \"swagger\": \"2.0\",\n  \"paths\": {,}\n}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("not valid JSON (line 3, column 13)");
        assertThatThrownBy(() -> DEFAULTS.importDocument("other.yaml", "name: not openapi\n"))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("other.yaml")
                .hasMessageContaining("not an OpenAPI document");
        assertThatThrownBy(() -> DEFAULTS.importDocument("list.yaml", "- a\n- b\n"))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("an object was expected");
    }

    @Test
    void whatCannotBeImportedIsAnErrorNamingItsPointer() {
        String document = """
                openapi: 3.0.1
                info: {title: e, version: '1'}
                paths:
                  /a:
                    get:
                      security: [{missing: []}]
                      x-amazon-apigateway-integration: {type: lambda, uri: 'http://x'}
                """;
        assertThatThrownBy(() -> DEFAULTS.importDocument("e.yaml", document))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("/paths/~1a/get/security: no security scheme named 'missing' (line 6)")
                .hasMessageContaining("/paths/~1a/get/x-amazon-apigateway-integration/type: unknown integration type "
                        + "'lambda'");
    }

    @Test
    void parserMessagesNameTheirPointer() {
        assertThat(ParserMessages.pointer("attribute paths.'/pets'(get).responses is missing"))
                .isEqualTo("/paths/~1pets/get/responses");
        assertThat(ParserMessages.pointer("attribute info.version is missing")).isEqualTo("/info/version");
        assertThat(ParserMessages.pointer("something else")).isEmpty();
    }

    @Test
    void httpApiLambdaAuthorizersAndOpenIdConnectSchemesAsAwsWritesThem() {
        String document = """
                openapi: 3.0.1
                info: {title: auth, version: '1'}
                components:
                  securitySchemes:
                    lambda:
                      type: apiKey
                      name: Unused
                      in: header
                      x-amazon-apigateway-authorizer:
                        type: request
                        identitySource: ['$request.header.Authorization', '$request.querystring.tenant']
                        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:gate/invocations
                        authorizerPayloadFormatVersion: 2
                        enableSimpleResponses: 'true'
                        authorizerResultTtlInSeconds: 0
                        authorizerCredentials: ''
                    oidc:
                      type: openIdConnect
                      openIdConnectUrl: https://issuer.example.com/.well-known/openid-configuration
                      x-amazon-apigateway-authorizer:
                        type: jwt
                        jwtConfiguration: {audience: [app]}
                        identitySource: $request.header.Authorization
                paths:
                  /a:
                    get:
                      security: [{lambda: []}]
                      x-amazon-apigateway-integration: {type: HTTP_PROXY, uri: 'http://b/a', payloadFormatVersion: 1.0}
                  /b:
                    get:
                      security: [{oidc: [read]}]
                      x-amazon-apigateway-integration: {type: http_proxy, uri: 'http://b/b', payloadFormatVersion: '1.0'}
                """;
        ImportedApi api = DEFAULTS.importDocument("auth.yaml", document);

        assertThat(api.type()).isEqualTo(io.tollgate.core.api.ApiType.HTTP);
        assertThat(api.definition().get("authorizers")).isEqualTo(Map.of(
                "lambda", Map.of("type", "REQUEST", "implementation", "gate", "identity-sources",
                        List.of("$request.header.Authorization", "$request.querystring.tenant"), "result-ttl", "0s",
                        "payload-format-version", "2.0", "simple-responses", true),
                "oidc", Map.of("type", "JWT", "issuer", "https://issuer.example.com", "audiences", List.of("app"),
                        "identity-sources", List.of("$request.header.Authorization"))));
        assertThat(route(api, "GET /b")).containsEntry("authorizer", "oidc")
                .containsEntry("authorization-scopes", List.of("read"));
        // an empty authorizerCredentials (as AWS's exports write it) is no warning
        assertThat(api.warnings()).extracting(ImportWarning::pointer).noneMatch(p -> p.contains("authorizerCredentials"));
    }

    @Test
    void anHttpApiRouteWithSeveralSecurityRequirementsIsRefusedAsAwsRefusesIt() {
        String document = """
                openapi: 3.0.1
                info: {title: two, version: '1'}
                x-amazon-apigateway-importexport-version: '1.0'
                components:
                  securitySchemes:
                    a: {type: apiKey, name: A, in: header, x-amazon-apigateway-authorizer: {type: request, identitySource: $request.header.A,
                        authorizerUri: 'arn:aws:lambda:us-east-1:1:function:a', authorizerPayloadFormatVersion: '2.0'}}
                    b: {type: oauth2, flows: {}, x-amazon-apigateway-authorizer: {type: jwt, jwtConfiguration: {issuer: 'https://i'}}}
                paths:
                  /x:
                    get:
                      security: [{a: []}, {b: []}]
                      x-amazon-apigateway-integration: {type: http_proxy, uri: 'http://b/x', payloadFormatVersion: '1.0'}
                """;
        assertThatThrownBy(() -> DEFAULTS.importDocument("two.yaml", document))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("/paths/~1x/get/security: an HTTP API's route takes one security requirement");
    }

    @Test
    void aRestProxyResourceOddGatewayResponseKeysAndCacheKeys() {
        String document = """
                {"swagger": "2.0", "info": {"title": "proxy", "version": "1"},
                 "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"responseParameters":
                   {"gatewayresponse.header.method.response.header.X-Odd": "'odd'"}}},
                 "paths": {"/{proxy+}": {"x-amazon-apigateway-any-method": {
                   "parameters": [{"name": "proxy", "in": "path", "required": true, "type": "string"}],
                   "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "ANY",
                     "uri": "https://petstore-demo-endpoint.execute-api.com/petstore/{proxy}",
                     "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
                     "cacheNamespace": "rh3qw4", "cacheKeyParameters": ["method.request.path.proxy"],
                     "passthroughBehavior": "WHEN_NO_MATCH", "responses": {"default": {"statusCode": 200}}}}}}}
                """;
        ImportedApi api = DEFAULTS.importDocument("proxy.json", document);

        assertThat(route(api, "ANY /{proxy+}")).containsEntry("cache",
                Map.of("key-parameters", List.of("method.request.path.proxy")));
        assertThat(integration(api, "ANY /{proxy+}")).containsEntry("type", "HTTP_PROXY").containsEntry("method", "ANY")
                .containsEntry("uri", "https://petstore-demo-endpoint.execute-api.com/petstore/{proxy}")
                .doesNotContainKey("request-parameters");
        // AWS's import takes this key as written (the header is named "method.response.header.X-Odd")
        assertThat(api.definition().get("gateway-responses")).isEqualTo(Map.of("DEFAULT_4XX", Map.of(
                "response-parameters", Map.of("gatewayresponse.header.method.response.header.X-Odd", "'odd'"))));
    }

    @Test
    void anOpenApi31DocumentIsReadAsFarAsTheParserReadsIt() {
        String document = """
                openapi: 3.1.0
                info: {title: new, version: '1'}
                paths:
                  /ping:
                    get:
                      x-amazon-apigateway-integration:
                        type: mock
                        requestTemplates: {application/json: '{"statusCode": 200}'}
                        responses: {default: {statusCode: 200, responseTemplates: {application/json: pong}}}
                """;
        assertThat(integration(DEFAULTS.importDocument("new.yaml", document), "GET /ping"))
                .containsEntry("type", "MOCK").containsEntry("integration-responses",
                        List.of(Map.of("status-code", 200, "response-templates", Map.of("application/json", "pong"))));
    }

    @Test
    void anImportNeverFetchesWhatADocumentRefersTo() {
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        reactor.netty.DisposableServer server = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    fetched.incrementAndGet();
                    return response.sendString(reactor.core.publisher.Mono.just("{\"type\": \"object\"}"));
                }).bindNow();
        try {
            String remote = "http://127.0.0.1:" + server.port() + "/schemas.json";
            String swagger = "{\"swagger\": \"2.0\", \"info\": {\"title\": \"r\", \"version\": \"1\"},"
                    + " \"definitions\": {\"Pet\": {\"$ref\": \"" + remote + "#/Pet\"}},"
                    + " \"paths\": {\"/a\": {\"post\": {\"parameters\": [{\"in\": \"body\", \"name\": \"b\","
                    + " \"schema\": {\"$ref\": \"" + remote + "#/Body\"}}],"
                    + " \"x-amazon-apigateway-integration\": {\"type\": \"mock\"}}}}}";
            String openapi = "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"r\", \"version\": \"1\"},"
                    + " \"components\": {\"schemas\": {\"Pet\": {\"$ref\": \"" + remote + "#/Pet\"}}},"
                    + " \"paths\": {\"/a\": {\"$ref\": \"" + remote + "#/paths/a\"}}}";
            ImportedApi first = DEFAULTS.importDocument("remote-2.json", swagger);
            DEFAULTS.importDocument("remote-3.json", openapi);
            assertThat(fetched).hasValue(0);
            // the reference is left as written, and said
            assertThat(first.warnings()).extracting(ImportWarning::message)
                    .anyMatch(m -> m.contains("is in another document"));
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aYamlBombOrADeepNestingIsRefusedNotExpanded() {
        StringBuilder laughs = new StringBuilder("openapi: 3.0.1\ninfo: {title: b, version: '1'}\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            laughs.append("]\n");
        }
        laughs.append("paths: {}\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> DEFAULTS.importDocument("bomb.yaml", laughs.toString()))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("bomb.yaml")
                .hasMessageContaining("its aliases expand to more than 1000000 values");
        assertThatThrownBy(() -> DEFAULTS.importDocument("deep.json", "{\"openapi\": \"3.0.1\", \"x\": "
                + "[".repeat(5000) + "]".repeat(5000) + "}"))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("deep.json");
        // a YAML document's anchors and aliases as people write them are read
        ImportedApi shared = DEFAULTS.importDocument("anchors.yaml", """
                openapi: 3.0.1
                info: {title: anchors, version: '1'}
                paths:
                  /a:
                    get:
                      x-amazon-apigateway-integration: &mock
                        type: mock
                        requestTemplates: {application/json: '{"statusCode": 200}'}
                  /b:
                    get:
                      x-amazon-apigateway-integration: *mock
                """);
        assertThat(integration(shared, "GET /b")).isEqualTo(integration(shared, "GET /a"));
        // refused by the parsers' limits, not after expanding a billion items
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
    }
}
