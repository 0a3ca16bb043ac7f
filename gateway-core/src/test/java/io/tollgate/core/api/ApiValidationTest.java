package io.tollgate.core.api;

import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.integration.IntegrationType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiValidationTest {

    private static Api.Builder petstore() {
        return Api.builder("petstore").stage("$default", Map.of("backend", "http://localhost:9000"));
    }

    @Test
    void validApiKeepsRoutesAndDefaults() {
        Api api = petstore()
                .route("GET /pets/{id}", IntegrationSpec.httpProxy("${stageVariables.backend}/pets/{id}"))
                .route("$default", IntegrationSpec.mock(404).body("{}"))
                .build();
        assertThat(api.type()).isEqualTo(ApiType.HTTP);
        assertThat(api.basePath()).isEqualTo("/");
        assertThat(api.id()).isEqualTo("petstore");
        assertThat(api.routes()).hasSize(2);
        HttpProxyIntegration proxy = (HttpProxyIntegration) api.routes().get(0).integration();
        assertThat(proxy.timeout()).isEqualTo(Duration.ofSeconds(29));
        assertThat(proxy.method()).isEqualTo("ANY");
        assertThat(api.routes().get(0).maxRequestBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(api.stages()).singleElement().satisfies(s -> assertThat(s.pathPrefix()).isEmpty());
    }

    @Test
    void routeKeyWithoutSlashNamesThePropertyPath() {
        assertThatThrownBy(() -> petstore()
                .route("GET /pets", IntegrationSpec.mock(200))
                .route("GET /pets/{id}", IntegrationSpec.mock(200))
                .route("GET pets", IntegrationSpec.mock(200))
                .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("routes[2].route-key: 'GET pets' must start with '/'");
    }

    @Test
    void malformedRouteKeysAreRejected() {
        assertProblem("GETT /pets", "unknown method 'GETT'");
        assertProblem("GET /pets/", "must not end with '/'");
        assertProblem("GET /pets//toys", "empty path segment");
        assertProblem("GET /{proxy+}/toys", "may only be last");
        assertProblem("GET /pets/{id}/{id}", "uses the path variable 'id' twice");
        assertProblem("GET /pets/a{id}", "must be a whole segment");
        assertProblem("GET /pets/{i*d}", "invalid path variable");
        assertProblem("GET /pets?x=1", "without spaces, query string or fragment");
        assertProblem("/pets", "must be 'METHOD /path' or '$default'");
        assertProblem("", "must not be empty");
        assertProblem("GET /pets/../x", "must not contain '.' or '..'");
    }

    private static void assertProblem(String routeKey, String message) {
        assertThatThrownBy(() -> petstore().route(routeKey, IntegrationSpec.mock(200)).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("routes[0].route-key")
                .hasMessageContaining(message);
    }

    @Test
    void conflictingRoutesAreRejectedWhateverTheVariableNames() {
        assertThatThrownBy(() -> petstore()
                .route("GET /pets/{id}", IntegrationSpec.mock(200))
                .route("POST /pets/{id}", IntegrationSpec.mock(200))
                .route("get /pets/{petId}", IntegrationSpec.mock(200))
                .build())
                .hasMessageContaining("routes[2].route-key: 'GET /pets/{petId}' conflicts with routes[0] 'GET /pets/{id}'");
        assertThatThrownBy(() -> petstore()
                .route("$default", IntegrationSpec.mock(200))
                .route("$default", IntegrationSpec.mock(200))
                .build())
                .hasMessageContaining("routes[1].route-key");
    }

    @Test
    void unknownIntegrationTypeIsNamed() {
        assertThatThrownBy(() -> petstore().route("GET /pets", IntegrationSpec.ofType("LAMBDA_THING")).build())
                .hasMessageContaining("routes[0].integration.type: unknown integration type 'LAMBDA_THING'")
                .hasMessageContaining("HTTP_PROXY, HTTP, MOCK");
        Api api = petstore().route("GET /pets", IntegrationSpec.ofType("http-proxy").uri("http://x")).build();
        assertThat(api.routes().get(0).integration().type()).isEqualTo(IntegrationType.HTTP_PROXY);
    }

    @Test
    void invalidUrisAreRejected() {
        assertUriProblem("ftp://host/pets", "absolute http:// or https://");
        assertUriProblem("/pets", "absolute http:// or https://");
        assertUriProblem("http://", "");
        assertUriProblem("http://host/pe ts", "not a valid URI");
        assertUriProblem("http://host/pets/{petId}", "uses {petId}, but route 'GET /pets/{id}' has no such path variable");
        assertUriProblem("${stageVariables.missing}/pets", "which stage '$default' does not define");
        assertThatThrownBy(() -> petstore().route("GET /pets/{id}", IntegrationSpec.ofType("HTTP_PROXY")).build())
                .hasMessageContaining("routes[0].integration.uri: must be set");
    }

    private static void assertUriProblem(String uri, String message) {
        assertThatThrownBy(() -> petstore().route("GET /pets/{id}", IntegrationSpec.httpProxy(uri)).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("routes[0].integration.uri")
                .hasMessageContaining(message);
    }

    @Test
    void stageVariablesMakeTheUriValidPerStage() {
        assertThatThrownBy(() -> Api.builder("a")
                .stage("prod", Map.of("backend", "http://prod.internal"))
                .stage("dev", Map.of("backend", "not a uri"))
                .route("GET /x", IntegrationSpec.httpProxy("${stageVariables.backend}/x"))
                .build())
                .hasMessageContaining("routes[0].integration.uri: '${stageVariables.backend}/x' (in stage 'dev'");
    }

    @Test
    void timeoutsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> petstore().integrationTimeout(Duration.ofMillis(10)).build())
                .hasMessageContaining("integration-timeout: 10 ms is out of range");
        assertThatThrownBy(() -> petstore().type("REST")
                .route("GET /x", IntegrationSpec.httpProxy("http://h").timeout(Duration.ofSeconds(30))).build())
                .hasMessageContaining("routes[0].integration.timeout: 30000 ms is out of range: a REST API's integration timeout is 50 ms to 29 s");
        Api http = petstore().route("GET /x", IntegrationSpec.httpProxy("http://h").timeout(Duration.ofSeconds(30))).build();
        assertThat(((HttpProxyIntegration) http.routes().get(0).integration()).timeout()).hasSeconds(30);
    }

    @Test
    void typeBasePathStagesAndBodyLimitAreChecked() {
        assertThatThrownBy(() -> Api.builder("a").type("SOAP").build()).hasMessageContaining("type: unknown API type 'SOAP'");
        assertThatThrownBy(() -> Api.builder("a").basePath("petstore").build()).hasMessageContaining("base-path: 'petstore' must start with '/'");
        assertThatThrownBy(() -> Api.builder("a").basePath("/petstore/").build()).hasMessageContaining("must not end with '/'");
        assertThatThrownBy(() -> Api.builder("a").stage("pro d", Map.of()).build()).hasMessageContaining("stages[pro d]");
        assertThatThrownBy(() -> Api.builder("a").stage("prod", Map.of("bad-name", "x")).build())
                .hasMessageContaining("stages[prod].variables[bad-name]");
        assertThatThrownBy(() -> Api.builder("a").stage("prod", Map.of(), "").stage("$default", Map.of()).build())
                .hasMessageContaining("stages[$default].path-prefix: '' is already the path prefix of stage 'prod'");
        assertThatThrownBy(() -> Api.builder("a").maxRequestBodySize(0L).build()).hasMessageContaining("max-request-body-size");
        assertThatThrownBy(() -> Api.builder("bad name").build()).hasMessageContaining("name: 'bad name'");
    }

    @Test
    void namedStagesAreServedUnderTheirNameUnlessTold() {
        Api api = Api.builder("a").type(ApiType.REST).basePath("/shop")
                .stage("prod", Map.of()).stage("beta", Map.of(), "/preview").build();
        assertThat(api.stages()).extracting(Stage::pathPrefix).containsExactly("/prod", "/preview");
    }

    @Test
    void mockAndMappingProblemsAreNamed() {
        assertThatThrownBy(() -> petstore().route("GET /x", IntegrationSpec.mock(700)).build())
                .hasMessageContaining("routes[0].integration.status: 700 is not an HTTP status code");
        assertThatThrownBy(() -> petstore().route("GET /x", IntegrationSpec.httpProxy("http://h")
                        .requestParameter("appendheaderx", "1")
                        .requestParameter("append:header.connection", "1")
                        .requestParameter("overwrite:header.x", "$context.nope")
                        .requestParameter("append:path", "/x")
                        .requestParameter("overwrite:header.y", "$request.path.id")).build())
                .hasMessageContaining("routes[0].integration.request-parameters[appendheaderx]")
                .hasMessageContaining("\"[append:header.name]\"")
                .hasMessageContaining("request-parameters[append:header.connection]: the header 'connection' is reserved")
                .hasMessageContaining("request-parameters[overwrite:header.x]: '$context.nope' uses the unknown context variable")
                .hasMessageContaining("request-parameters[append:path]: the path can only be overwritten")
                .hasMessageContaining("'$request.path.id' uses the path parameter 'id', but route 'GET /x' has no such variable");
    }

    @Test
    void nonProxyDefinitionsAreChecked() {
        assertThatThrownBy(() -> petstore().route("GET /x", IntegrationSpec.http("http://h/{thing}")
                        .requestTemplate("json", "{}")
                        .passthroughBehavior("SOMETIMES")
                        .requestParameter("integration.request.header.x", "method.request.body")
                        .requestParameter("header.y", "'a'")
                        .integrationResponse(IntegrationResponseSpec.status(200))
                        .integrationResponse(IntegrationResponseSpec.status(201))
                        .integrationResponse(IntegrationResponseSpec.status(999).selectionPattern("[unclosed"))
                        .integrationResponse(IntegrationResponseSpec.status(400).selectionPattern("4\\d{2}")
                                .responseParameter("header.z", "'a'")
                                .responseParameter("method.response.header.y", "method.request.header.y")))
                .build())
                .hasMessageContaining("routes[0].integration.request-templates[json]: 'json' is not a media type")
                .hasMessageContaining("routes[0].integration.passthrough-behavior: unknown passthrough behavior 'SOMETIMES'")
                .hasMessageContaining("routes[0].integration.request-parameters[integration.request.header.x]: 'method.request.body' is not a mapping source")
                .hasMessageContaining("routes[0].integration.request-parameters[header.y]: 'header.y' must be integration.request.header.NAME")
                .hasMessageContaining("routes[0].integration.integration-responses[1].selection-pattern: only one integration response may be the default")
                .hasMessageContaining("routes[0].integration.integration-responses[2].status-code: 999 is not an HTTP status code")
                .hasMessageContaining("routes[0].integration.integration-responses[2].selection-pattern: '[unclosed' is not a valid regular expression")
                .hasMessageContaining("integration-responses[3].response-parameters[header.z]: 'header.z' must be method.response.header.NAME")
                .hasMessageContaining("integration-responses[3].response-parameters[method.response.header.y]: 'method.request.header.y' is not a mapping source")
                .hasMessageContaining("routes[0].integration.uri: 'http://h/{thing}' uses {thing}, but route 'GET /x' has no such path variable");
    }

    @Test
    void pathVariablesOfNonProxyUrisMayComeFromMappings() {
        Api api = petstore().route("GET /x", IntegrationSpec.http("http://h/{thing}")
                .requestParameter("integration.request.path.thing", "'fixed'")).build();
        assertThat(api.routes().get(0).integration()).isInstanceOf(HttpIntegration.class);
    }

    @Test
    void gatewayResponsesAreChecked() {
        assertThatThrownBy(() -> petstore()
                .gatewayResponse("NOT_A_TYPE", 400, Map.of(), Map.of())
                .gatewayResponse("THROTTLED", 700, Map.of(), Map.of())
                .gatewayResponse("default-4xx", 400, Map.of(), Map.of("text", "x"))
                .build())
                .hasMessageContaining("gateway-responses[NOT_A_TYPE]: unknown gateway response type 'NOT_A_TYPE'")
                .hasMessageContaining("gateway-responses[THROTTLED].status-code: 700 is not an HTTP status code")
                .hasMessageContaining("gateway-responses[default-4xx].response-templates[text]");
        Api api = petstore().gatewayResponse("default-4xx", 400, Map.of(), Map.of("application/json", "{}")).build();
        assertThat(api.gatewayResponses()).containsOnlyKeys(GatewayResponseType.DEFAULT_4XX);
    }

    @Test
    void staticHeaderValuesThatCannotBeHeadersFailAtStartupNamingTheProperty() {
        assertThatThrownBy(() -> petstore()
                .route("GET /a", IntegrationSpec.httpProxy("http://h/a").requestParameter("overwrite:header.x-a", "a\r\nb: c"))
                .route("GET /b", IntegrationSpec.http("http://h/b")
                        .requestParameter("integration.request.header.x-b", "'b\nc'")
                        .requestParameter("integration.request.header.x b", "'fine'")
                        .integrationResponse(IntegrationResponseSpec.status(200)
                                .responseParameter("method.response.header.x-c", "'\u20ac'")))
                .gatewayResponse("DEFAULT_4XX", null, Map.of("x-d", "'d\u0000'"), Map.of())
                .build())
                .hasMessageContaining("routes[0].integration.request-parameters[overwrite:header.x-a]: 'a\\r\\nb: c' is not a valid header value")
                .hasMessageContaining("routes[1].integration.request-parameters[integration.request.header.x-b]: 'b\\nc' is not a valid header value")
                .hasMessageContaining("'x b' is not a valid header name")
                .hasMessageContaining("response-parameters[method.response.header.x-c]: '\u20ac' is not a valid header value")
                .hasMessageContaining("gateway-responses[DEFAULT_4XX].response-parameters[gatewayresponse.header.x-d]");
    }

    @Test
    void functionIntegrationsAreChecked() {
        assertThatThrownBy(() -> petstore().route("GET /x", IntegrationSpec.ofType("FUNCTION").uri("http://h")
                        .payloadFormatVersion("3.0").maxConcurrency(-1)
                        .requestTemplate("application/json", "{}")).build())
                .hasMessageContaining("routes[0].integration.function: must name the function")
                .hasMessageContaining("routes[0].integration.payload-format-version: '3.0' must be 1.0 or 2.0")
                .hasMessageContaining("routes[0].integration.max-concurrency")
                .hasMessageContaining("routes[0].integration.uri: a FUNCTION integration has no URI")
                .hasMessageContaining("routes[0].integration.proxy: templates and integration responses need a non-proxy function");
        FunctionIntegration rest = (FunctionIntegration) petstore().type("REST")
                .route("GET /x", IntegrationSpec.function("f")).build().routes().get(0).integration();
        assertThat(rest.payloadFormatVersion()).isEqualTo("1.0");
        assertThat(rest.proxy()).isTrue();
        FunctionIntegration http = (FunctionIntegration) petstore()
                .route("GET /x", IntegrationSpec.function("f").proxy(false).requestTemplate("application/json", "{}"))
                .build().routes().get(0).integration();
        assertThat(http.payloadFormatVersion()).isEqualTo("2.0");
        assertThat(http.mapping().requestTemplates()).containsKey("application/json");
    }
}
