package io.tollgate.autoconfigure;

import com.jayway.jsonpath.JsonPath;
import io.tollgate.core.server.deploy.StageChange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API's life cycle driven through {@code /actuator/tollgate} of a running application, as an operator drives it with
 * curl: read the stages and deployments, create a deployment from a posted definition (JSON or YAML) and deploy it,
 * compare, roll back, split with a canary, promote; refused changes answer with every problem and leave the serving
 * deployment as it was.
 */
@SpringBootTest(classes = ServerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=tollgate", "tollgate.deployments.writes-enabled=true"})
@Import(TollgateDeploymentsEndpointTest.Events.class)
@DirtiesContext
class TollgateDeploymentsEndpointTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestApplication.properties(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Events events;

    /** The stage changes the application was told of. */
    @TestConfiguration
    static class Events {
        final List<StageChange> changes = new CopyOnWriteArrayList<>();

        @EventListener
        void on(StageChange change) {
            changes.add(change);
        }

        @Bean
        Object eventsMarker() {
            return "events";
        }
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port)
                .build();
    }

    /** An answer, its body read whole (so that no buffer is left behind). */
    record Answer(int status, String body) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }

        Answer expect(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            return this;
        }
    }

    private Answer answer(WebTestClient.RequestHeadersSpec<?> request) {
        EntityExchangeResult<String> result = request.exchange().expectBody(String.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody() == null ? "" : result.getResponseBody());
    }

    private String get(String path) {
        return answer(client().get().uri(path)).expect(200).body();
    }

    /** The URI the test backend's echo received for a proxied {@code GET}. */
    private String echoed(String path) {
        return String.valueOf(client().get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseHeaders().getFirst("x-echo-uri"));
    }

    private Answer read(String path) {
        return answer(client().get().uri(path));
    }

    private Answer post(String path, Object body) {
        return answer(client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    private Answer delete(String path) {
        return answer(client().delete().uri(path));
    }

    private String prodDeployment() {
        return read("/actuator/tollgate/stages/legacy/prod").expect(200).json("$.deploymentId");
    }

    /** A definition as JSON text: the WebFlux actuator reads each value of a request body as a string. */
    static String mockDefinition(String body) {
        return """
                {"type": "REST", "base-path": "/legacy", "routes": [{"route-key": "GET /pets/{id}",
                  "integration": {"type": "MOCK", "integration-responses": [{"status-code": 200,
                    "response-templates": {"application/json": "%s"}}]}}]}""".formatted(body);
    }

    @Test
    void anOperatorDeploysComparesRollsBackAndReleasesACanary() {
        // the configuration is the first deployment of each stage
        Answer stages = read("/actuator/tollgate/stages").expect(200);
        assertThat(stages.<List<String>>json("$[?(@.api == 'legacy')].stage")).containsExactly("prod");
        assertThat(stages.<List<List<String>>>json("$[?(@.api == 'legacy')].variables")).containsExactly(List.of("backend"));
        String first = prodDeployment();
        Answer deployment = read("/actuator/tollgate/deployments/legacy/" + first).expect(200);
        assertThat(deployment.<String>json("$.description")).isEqualTo("configuration");
        assertThat(deployment.<List<String>>json("$.stages")).containsExactly("prod");
        assertThat(deployment.<String>json("$.definition.type")).isEqualTo("REST");
        assertThat(deployment.<String>json("$.definition.routes[0].route-key")).isEqualTo("GET /pets/{id}");
        assertThat(deployment.<String>json("$.definition.stages.prod.variables.backend")).isEqualTo("******");
        assertThat(echoed("/legacy/prod/pets/7")).isEqualTo("/echo/pets/7");

        // a new deployment, deployed at once to prod; the other API is untouched
        String second = post("/actuator/tollgate/deployments/legacy", Map.of("description", "mocked",
                "definition", mockDefinition("v2"), "stage", "prod")).expect(201).json("$.id");
        assertThat(prodDeployment()).isEqualTo(second);
        assertThat(get("/legacy/prod/pets/7")).isEqualTo("v2");
        assertThat(echoed("/api/items/3")).isEqualTo("/echo/items/3");

        assertThat(read("/actuator/tollgate/diff/legacy/" + first + "/" + second).expect(200).<String>json("$.text"))
                .contains("~ routes[GET /pets/{id}].integration.type: HTTP_PROXY -> MOCK")
                .contains("+ routes[GET /pets/{id}].integration.integration-responses[0].response-templates"
                        + ".application/json: v2")
                .contains("- stages.prod.variables.backend: ******");

        // the stage's own settings: a variable set, and read back by name only; a route's throttle and method settings
        assertThat(post("/actuator/tollgate/stages/legacy/prod", Map.of("variables", "{extra: one}")).expect(200)
                .<List<String>>json("$.variables")).containsExactly("backend", "extra");
        Answer settings = post("/actuator/tollgate/stages/legacy/prod", Map.of(
                "routeThrottles", "{'GET /pets/{id}': {rateLimit: 100, burstLimit: 200}}",
                "methodSettings", "{'*/*': {metricsEnabled: false}, 'GET /pets/{id}': {loggingLevel: error}}")).expect(200);
        assertThat(settings.<Double>json("$.routeThrottles['GET /pets/{id}'].rateLimit")).isEqualTo(100.0);
        assertThat(settings.<String>json("$.methodSettings['GET /pets/{id}'].loggingLevel")).isEqualTo("ERROR");
        assertThat(settings.<Boolean>json("$.methodSettings['*/*'].metricsEnabled")).isFalse();
        assertThat(post("/actuator/tollgate/stages/legacy/prod", Map.of("methodSettings",
                "{'GET /pets/{id}': {loggingLevel: LOUD}}")).expect(400).<String>json("$.problems[0].property"))
                .isEqualTo("methodSettings[GET /pets/{id}].loggingLevel");

        // rolled back: the proxy serves again
        assertThat(post("/actuator/tollgate/stages/legacy/prod", Map.of("rollback", true)).expect(200)
                .<String>json("$.deploymentId")).isEqualTo(first);
        assertThat(echoed("/legacy/prod/pets/7")).isEqualTo("/echo/pets/7");

        // a YAML definition as text, deployed later; a canary of it takes every request, then none
        String third = post("/actuator/tollgate/deployments/legacy", Map.of("definition", """
                type: REST
                base-path: /legacy
                routes:
                  - route-key: GET /pets/{id}
                    integration:
                      type: MOCK
                      integration-responses:
                        - status-code: 200
                          response-templates:
                            "[application/json]": v3 $context.isCanaryRequest
                """)).expect(201).json("$.id");
        Answer canary = post("/actuator/tollgate/canary/legacy/prod", Map.of("deploymentId", third,
                "percentTraffic", 100, "stickyHeader", "X-User", "abort", "{window: 30s, minRequests: 50}")).expect(200);
        assertThat(canary.<String>json("$.canary.deploymentId")).isEqualTo(third);
        assertThat(canary.<Double>json("$.canary.percentTraffic")).isEqualTo(100.0);
        assertThat(canary.<String>json("$.canary.stickyHeader")).isEqualTo("x-user");
        assertThat(canary.<String>json("$.canary.abort.window")).isEqualTo("PT30S");
        assertThat(canary.<Integer>json("$.canary.abort.minRequests")).isEqualTo(50);
        assertThat(canary.<Double>json("$.canary.abort.errorRateMargin")).isEqualTo(0.05);
        assertThat(get("/legacy/prod/pets/1")).isEqualTo("v3 true");
        post("/actuator/tollgate/canary/legacy/prod", Map.of("percentTraffic", 0)).expect(200);
        assertThat(echoed("/legacy/prod/pets/1")).isEqualTo("/echo/pets/1");
        Answer promoted = post("/actuator/tollgate/canary/legacy/prod/promote", Map.of()).expect(200);
        assertThat(promoted.<String>json("$.deploymentId")).isEqualTo(third);
        assertThat(promoted.<Object>json("$.canary")).isNull();
        assertThat(get("/legacy/prod/pets/1")).isEqualTo("v3 false");

        assertThat(events.changes).extracting(StageChange::kind).containsSubsequence(StageChange.Kind.DEPLOYED,
                StageChange.Kind.ROLLED_BACK, StageChange.Kind.CANARY_SET, StageChange.Kind.CANARY_PROMOTED);
    }

    @Test
    void badChangesAreRefusedWithTheirReasonsAndTheServingDeploymentStays() {
        String serving = prodDeployment();
        String misspelled = """
                {"type": "REST", "base-path": "/legacy", "routes": [{"route-kee": "GET /pets/{id}",
                  "integration": {"type": "MOCK", "status": "two hundred"}}]}""";
        Answer refused = post("/actuator/tollgate/deployments/legacy", Map.of("definition", misspelled)).expect(400);
        assertThat(refused.<String>json("$.message")).isEqualTo("the definition of api 'legacy' is invalid; nothing changed");
        assertThat(refused.<List<String>>json("$.problems[?(@.property == 'tollgate.apis.legacy.routes[0].route-kee')]"
                + ".message")).singleElement().asString().contains("route-key");
        assertThat(refused.<List<String>>json("$.problems[?(@.property == "
                + "'tollgate.apis.legacy.routes[0].integration.status')].message")).singleElement().asString()
                .contains("'two hundred' is not a valid whole number");
        assertThat(post("/actuator/tollgate/deployments/legacy", Map.of("definition", "routes: [unclosed"))
                .expect(400).<String>json("$.problems[0].property")).isEqualTo("definition");
        post("/actuator/tollgate/deployments/legacy", Map.of("description", "nothing")).expect(400);
        // hostile YAML: aliases that expand a billion-fold, nesting a thousand deep; refused before anything is built
        StringBuilder laughs = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            laughs.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        assertThat(post("/actuator/tollgate/deployments/legacy", Map.of("definition", laughs.toString())).expect(400)
                .<String>json("$.problems[0].property")).isEqualTo("definition");
        assertThat(post("/actuator/tollgate/deployments/legacy", Map.of("definition", "routes: " + "[".repeat(1000)))
                .expect(400).<String>json("$.problems[0].property")).isEqualTo("definition");
        assertThat(post("/actuator/tollgate/stages/legacy/prod", Map.of("deploymentId", "nosuchid")).expect(404)
                .<String>json("$.message")).isEqualTo("api 'legacy' has no deployment 'nosuchid'");
        post("/actuator/tollgate/stages/shop/$default", Map.of("rollback", true)).expect(409);
        assertThat(post("/actuator/tollgate/canary/legacy/prod", Map.of("percentTraffic", 150)).expect(400)
                .<String>json("$.problems[0].property")).isEqualTo("percentTraffic");
        assertThat(post("/actuator/tollgate/canary/legacy/nostage", Map.of("percentTraffic", 5,
                "stageVariableOverrides", "{backend: 'http://x'}")).expect(404).<String>json("$.message"))
                .isEqualTo("api 'legacy' has no stage 'nostage'");
        post("/actuator/tollgate/canary/legacy/prod", Map.of("percentTraffic", 5, "abort", "{window: soon}")).expect(400);
        delete("/actuator/tollgate/canary/legacy/prod").expect(409);
        read("/actuator/tollgate/deployments/nosuchapi").expect(404);
        assertThat(prodDeployment()).isEqualTo(serving);
    }
}
