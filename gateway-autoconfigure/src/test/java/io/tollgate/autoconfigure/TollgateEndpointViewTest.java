package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's view at {@code /actuator/tollgate} without usage plans: APIs, stages, pipelines, authorizers. */
class TollgateEndpointViewTest {

    private final Gateway gateway = Gateway.builder()
            .api(Api.builder("pets").basePath("/pets").stage("prod", Map.of("secret", "hidden-value"))
                    .authorizer(new AuthorizerSpec("users", "REQUEST").identitySources(List.of("$request.header.x-user")))
                    .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.httpProxy("http://127.0.0.1:9/pets/{id}"))
                            .authorizer("users"))
                    .build())
            .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("users", e -> Mono.just(AuthorizerResult.authorized(true)))),
                    null))
            .build();

    private final TollgateEndpoint endpoint = new TollgateEndpoint(gateway, null);

    @Test
    @SuppressWarnings("unchecked")
    void showsApisStagesPipelinesAndAuthorizersWithoutUsage() {
        Map<String, Object> overview = endpoint.overview();
        assertThat(overview).containsOnlyKeys("apis");
        Map<String, Object> api = ((List<Map<String, Object>>) overview.get("apis")).get(0);
        assertThat(api).containsEntry("name", "pets").containsEntry("basePath", "/pets");
        Map<String, Object> stage = ((List<Map<String, Object>>) api.get("stages")).get(0);
        assertThat(stage).containsEntry("name", "prod").containsEntry("path", "/pets/prod")
                .containsEntry("variables", List.of("secret"));
        assertThat(stage.toString()).doesNotContain("hidden-value");
        assertThat((Map<String, List<String>>) stage.get("pipelines")).containsEntry("GET /pets/{id}",
                List.of("method_request:custom-authorizer:users", "integration:http_proxy"));
        Map<String, Object> route = ((List<Map<String, Object>>) api.get("routes")).get(0);
        assertThat(route).containsEntry("authorization", "CUSTOM").containsEntry("authorizer", "users")
                .containsEntry("integration", Map.of("type", "HTTP_PROXY", "uri", "http://127.0.0.1:9/pets/{id}",
                        "timeout", "PT29S"));
        assertThat((List<Map<String, Object>>) api.get("authorizers")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("name", "users").containsEntry("type", "REQUEST"));
    }

    @Test
    void usageSectionsAnswerNotFoundWhenUsagePlansAreOff() {
        WebEndpointResponse<Object> keys = endpoint.section("keys").block(Duration.ofSeconds(10));
        assertThat(keys.getStatus()).isEqualTo(404);
        assertThat(endpoint.section("apis").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(200);
        assertThat(endpoint.delete("keys", "k1").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(404);
        assertThat(endpoint.create("keys", "n", null, null, null).block(Duration.ofSeconds(10)).getStatus()).isEqualTo(404);
    }
}
