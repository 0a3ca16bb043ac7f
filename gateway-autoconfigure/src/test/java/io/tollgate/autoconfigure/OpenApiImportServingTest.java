package io.tollgate.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's PetStore example API (the console's sample: mocks, HTTP non-proxy integrations with parameters, CORS
 * OPTIONS mocks, models) imported as published, its backend pointed at a local one by a property only, and served
 * end to end with the answers AWS documents; and properties beside the document completing it.
 */
@SpringBootTest(classes = OpenApiImportServingTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tollgate.apis.petstore.openapi=classpath:openapi/aws/petstore.json",
                "tollgate.apis.petstore.stages.test.variables.unused=x",
                // merged into the imported POST /pets: its body is now validated against the NewPet model
                "tollgate.apis.petstore.routes[0].route-key=POST /pets",
                "tollgate.apis.petstore.routes[0].request-validator=BODY_ONLY",
                // added to the imported routes
                "tollgate.apis.petstore.routes[1].route-key=GET /health",
                "tollgate.apis.petstore.routes[1].integration.type=MOCK",
                "tollgate.apis.petstore.routes[1].integration.body=ok",
                "management.endpoints.web.exposure.include=tollgate",
                "tollgate.deployments.writes-enabled=true",
                // an API that documents are put over at runtime
                "tollgate.apis.toys.type=REST",
                "tollgate.apis.toys.base-path=/toys",
                "tollgate.apis.toys.stages.live.variables.shelf=a",
                "tollgate.apis.toys.routes[0].route-key=GET /old",
                "tollgate.apis.toys.routes[0].integration.type=MOCK",
                "tollgate.apis.toys.routes[0].integration.body=old",
        })
class OpenApiImportServingTest {

    /** What AWS's demo endpoint answers, and the URIs it was asked for. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    static final DisposableServer PETSTORE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .get("/petstore/pets", (request, response) -> {
                        SEEN.add(request.uri());
                        return response.header("content-type", "application/json").sendString(Mono.just(
                                "[{\"id\": 1, \"type\": \"dog\", \"price\": 249.99}, "
                                        + "{\"id\": 2, \"type\": \"cat\", \"price\": 124.99}]")).then();
                    })
                    .get("/petstore/pets/{id}", (request, response) -> {
                        SEEN.add(request.uri());
                        return response.header("content-type", "application/json").sendString(Mono.just(
                                "{\"id\": " + request.param("id") + ", \"type\": \"dog\", \"price\": 249.99}")).then();
                    })
                    .post("/petstore/pets", (request, response) -> request.receive().aggregate().asString()
                            .flatMap(body -> {
                                SEEN.add("POST " + request.uri() + " " + body);
                                return response.header("content-type", "application/json").sendString(Mono.just(
                                        "{\"pet\": " + body + ", \"message\": \"success\"}")).then();
                            })))
            .bindNow();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tollgate.apis.petstore.openapi-import.backends[http://petstore-demo-endpoint.execute-api.com]",
                () -> "http://127.0.0.1:" + PETSTORE.port());
    }

    @AfterAll
    static void stop() {
        PETSTORE.disposeNow();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return ServingClient.at(port);
    }

    @Test
    void theRootIsTheMockedWelcomePage() {
        String page = client().get().uri("/test/").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/html")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<h1>Welcome to your Pet Store API</h1>")
                .contains("<a href=\"/test/pets/\" target=\"_blank\">");
    }

    @Test
    void petsAreListedByTheBackendWithTheQueryParametersMapped() {
        client().get().uri("/test/pets?type=dog&page=2&other=x").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "*")
                .expectBody().jsonPath("$[0].type").isEqualTo("dog").jsonPath("$[1].price").isEqualTo(124.99);
        // only the mapped parameters reach the backend of a non-proxy integration
        assertThat(SEEN).anyMatch(uri -> uri.startsWith("/petstore/pets?") && uri.contains("page=2")
                && uri.contains("type=dog") && !uri.contains("other"));
    }

    @Test
    void aPetIsReadByItsPathParameter() {
        client().get().uri("/test/pets/7").exchange().expectStatus().isOk()
                .expectBody().json("{\"id\": 7, \"type\": \"dog\", \"price\": 249.99}");
        assertThat(SEEN).contains("/petstore/pets/7");
    }

    @Test
    void aValidNewPetIsCreatedAndAnInvalidOneRefusedByTheImportedModel() {
        client().post().uri("/test/pets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"cat\", \"price\": 123.11}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.message").isEqualTo("success").jsonPath("$.pet.type").isEqualTo("cat");
        client().post().uri("/test/pets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"lizard\", \"price\": 1}").exchange().expectStatus().isBadRequest()
                .expectBody().json("{\"message\": \"Invalid request body\"}");
        assertThat(SEEN).noneMatch(seen -> seen.contains("lizard"));
    }

    @Test
    void theCorsOptionsMocksAnswerWithTheirHeaders() {
        client().options().uri("/test/pets").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Methods", "POST,GET,OPTIONS")
                .expectHeader().valueEquals("Access-Control-Allow-Headers", "Content-Type,X-Amz-Date,Authorization,X-Api-Key")
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "*");
    }

    @Test
    void aRouteWrittenBesideTheDocumentIsServedToo() {
        client().get().uri("/test/health").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("ok");
        client().get().uri("/test/nothing").exchange().expectStatus().isForbidden()
                .expectBody().json("{\"message\": \"Missing Authentication Token\"}");
    }

    @Test
    void theActuatorShowsTheImportAndItsWarnings() {
        client().get().uri("/actuator/tollgate/openapi").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.petstore.document").isEqualTo("classpath:openapi/aws/petstore.json")
                .jsonPath("$.petstore.title").isEqualTo("PetStore")
                .jsonPath("$.petstore.type").isEqualTo("REST")
                .jsonPath("$.petstore.warnings[?(@ =~ /.*documentation parts are not kept.*/)]").exists();
    }

    @Test
    void aStageIsExportedInAwsShapeAsJsonOrYaml() {
        client().get().uri("/actuator/tollgate/apis/petstore/stages/test/export?type=oas30&extensions=apigateway"
                        + "&server=https://pets.example.com")
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.openapi").isEqualTo("3.0.1")
                .jsonPath("$.servers[0].url").isEqualTo("https://pets.example.com/{basePath}")
                .jsonPath("$.servers[0].variables.basePath.default").isEqualTo("test")
                .jsonPath("$.paths['/pets'].get['x-amazon-apigateway-integration'].type").isEqualTo("http")
                .jsonPath("$.paths['/pets'].get['x-amazon-apigateway-integration'].passthroughBehavior")
                .isEqualTo("when_no_match")
                .jsonPath("$.paths['/pets'].post['x-amazon-apigateway-request-validator']").isEqualTo("Validate body")
                .jsonPath("$.components.schemas.NewPet.properties.price.type").isEqualTo("number");
        String yaml = client().get().uri("/actuator/tollgate/apis/petstore/stages/test/export?type=swagger")
                .accept(MediaType.parseMediaType("application/yaml")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/yaml")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(yaml).startsWith("swagger: \"2.0\"").contains("basePath: \"/test\"")
                .doesNotContain("x-amazon-apigateway");
    }

    @Test
    void aBadExportRequestIsRefusedClearly() {
        String missing = client().get().uri("/actuator/tollgate/apis/petstore/stages/nope/export").exchange()
                .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
        assertThat(missing).contains("stage 'nope' of api 'petstore'");
        client().get().uri("/actuator/tollgate/apis/petstore/stages/test/export?type=raml").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").isEqualTo("type must be oas30 or swagger, extensions none, "
                        + "integrations, authorizers or apigateway");
    }

    private static String mockDocument(String path, String body) {
        return "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"toys\", \"version\": \"2\"}, \"paths\": {\"" + path
                + "\": {\"get\": {\"x-amazon-apigateway-integration\": {\"type\": \"mock\", \"requestTemplates\": "
                + "{\"application/json\": \"{\\\"statusCode\\\": 200}\"}, \"responses\": {\"default\": {\"statusCode\": "
                + "\"200\", \"responseTemplates\": {\"application/json\": \"" + body + " on $stageVariables.shelf\"}}}}}}}}";
    }

    @Test
    void aDocumentPutAtRuntimeMergesOrOverwritesAsPutRestApi() {
        // merge (the default): the document's routes are added, the API's own kept, its stage and variables too
        client().post().uri("/actuator/tollgate/deployments/toys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("openapi", mockDocument("/new", "new"), "stage", "live",
                        "description", "merged"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.warnings").isArray().jsonPath("$.stage.deploymentId").exists();
        client().get().uri("/toys/live/new").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("new on a");
        client().get().uri("/toys/live/old").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("old");
        // overwrite: only what the document says, on the same stage
        client().post().uri("/actuator/tollgate/deployments/toys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("openapi", mockDocument("/only", "only"), "mode", "overwrite",
                        "stage", "live"))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.id").exists();
        client().get().uri("/toys/live/only").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("only on a");
        client().get().uri("/toys/live/old").exchange().expectStatus().isForbidden()
                .expectBody().json("{\"message\": \"Missing Authentication Token\"}");
        // refused: a bad mode, a document that is not one, both a definition and a document; nothing deployed
        client().post().uri("/actuator/tollgate/deployments/toys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("openapi", mockDocument("/x", "x"), "mode", "replace"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0].property").isEqualTo("mode");
        client().post().uri("/actuator/tollgate/deployments/toys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("openapi", "{\"openapi\": \"3.0.1\", \"paths\": {,}}"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0].message").value(m -> assertThat(String.valueOf(m))
                        .contains("not valid JSON (line 1"));
        // a posted definition may not make the server read a file: the document itself is posted
        client().post().uri("/actuator/tollgate/deployments/toys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("definition", "{openapi: 'file:/etc/passwd'}"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0].property").isEqualTo("definition.openapi")
                .jsonPath("$.problems[0].message").value(m -> assertThat(String.valueOf(m)).doesNotContain("root"));
        client().get().uri("/toys/live/only").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("only on a");
    }
}
