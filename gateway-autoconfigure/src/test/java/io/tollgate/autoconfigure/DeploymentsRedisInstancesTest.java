package io.tollgate.autoconfigure;

import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.RedisAvailable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway instances (application contexts with their own servers) sharing their deployments through the real Redis:
 * a deployment, a rollback or a canary made on one instance's actuator is served by the others at once, an instance
 * started later comes up on the current deployments, and each reports in its health that it is in sync.
 */
class DeploymentsRedisInstancesTest {

    private static String prefix;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        RedisAvailable.require();
        prefix = "tollgate-test:" + UUID.randomUUID() + ":deployments:";
        first = start(prefix);
        second = start(prefix);
    }

    private static ConfigurableApplicationContext start(String prefix) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("management.endpoints.web.exposure.include", "tollgate,health");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("tollgate.deployments.store", "redis");
        properties.put("tollgate.deployments.writes-enabled", "true");
        properties.put("tollgate.deployments.redis.prefix", prefix);
        properties.put("tollgate.deployments.redis.url", "redis://" + RedisAvailable.HOST + ":" + RedisAvailable.PORT);
        properties.put("tollgate.apis.legacy.type", "REST");
        properties.put("tollgate.apis.legacy.base-path", "/legacy");
        properties.put("tollgate.apis.legacy.stages.prod.variables.version", "1");
        properties.put("tollgate.apis.legacy.routes[0].route-key", "GET /version");
        properties.put("tollgate.apis.legacy.routes[0].integration.type", "MOCK");
        properties.put("tollgate.apis.legacy.routes[0].integration.integration-responses[0].status-code", "200");
        properties.put("tollgate.apis.legacy.routes[0].integration.integration-responses[0].response-templates"
                + ".[application/json]", "v$stageVariables.version");
        return new SpringApplicationBuilder(ServerTestApplication.class)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("test", properties)))
                .run();
    }

    // The applications are not closed here but at the JVM's exit (SpringApplication's shutdown hook): closing one
    // disposes Reactor Netty's global event loops, which the other contexts of this JVM still use.

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30))
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")).build();
    }

    private static String get(ConfigurableApplicationContext context, String path) {
        EntityExchangeResult<String> result = client(context).get().uri(path).exchange().expectBody(String.class)
                .returnResult();
        assertThat(result.getStatus().value()).as(path + ": " + result.getResponseBody()).isEqualTo(200);
        return String.valueOf(result.getResponseBody());
    }

    private static String post(ConfigurableApplicationContext context, String path, Map<String, Object> body) {
        EntityExchangeResult<String> result = client(context).post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectBody(String.class).returnResult();
        assertThat(result.getStatus().is2xxSuccessful()).as(path + ": " + result.getResponseBody()).isTrue();
        return String.valueOf(result.getResponseBody());
    }

    @Test
    void changesMadeOnOneInstanceAreServedByEveryInstance() {
        assertThat(get(first, "/legacy/prod/version")).isEqualTo("v1");
        String stage = get(second, "/actuator/tollgate/stages/legacy/prod");
        assertThat(get(first, "/actuator/tollgate/stages/legacy/prod")).contains(deploymentId(stage));

        // deployed on the first instance: the second serves it at once (announced through Redis)
        String created = post(first, "/actuator/tollgate/deployments/legacy", Map.of("stage", "prod", "definition",
                "{type: REST, base-path: /legacy, routes: [{route-key: GET /version, integration: {type: MOCK,"
                        + " integration-responses: [{status-code: 200, response-templates: {application/json: two}}]}}]}"));
        String two = created.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        Await.until("the second instance to serve the new deployment",
                () -> get(second, "/legacy/prod/version").equals("two"));

        // a canary set on the second, of every request, with another stage variable: served by the first
        post(second, "/actuator/tollgate/stages/legacy/prod", Map.of("rollback", "true"));
        post(second, "/actuator/tollgate/canary/legacy/prod", Map.of("percentTraffic", "100",
                "stageVariableOverrides", "{version: 3}"));
        Await.until("the first instance to serve the canary", () -> get(first, "/legacy/prod/version").equals("v3"));

        // an instance started now comes up on the current deployments, canary included
        ConfigurableApplicationContext third = start(prefix);
        assertThat(get(third, "/legacy/prod/version")).isEqualTo("v3");
        assertThat(get(third, "/actuator/tollgate/deployments/legacy")).contains(two);
        assertThat(get(third, "/actuator/health/tollgateDeployments")).contains("\"status\":\"UP\"");
        post(third, "/actuator/tollgate/canary/legacy/prod/promote", Map.of());
        Await.until("every instance to serve the promoted canary", () -> get(first, "/actuator/tollgate/stages/legacy/prod")
                .contains("\"canary\":null") && get(second, "/legacy/prod/version").equals("v3"));
    }

    private static String deploymentId(String stage) {
        return stage.replaceAll(".*\"deploymentId\":\"([^\"]+)\".*", "$1");
    }
}
