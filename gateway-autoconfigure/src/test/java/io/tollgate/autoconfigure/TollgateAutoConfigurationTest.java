package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.netty.TollgateReactorNettyAutoConfiguration;
import io.tollgate.autoconfigure.webflux.TollgateHandlerMapping;
import io.tollgate.autoconfigure.webflux.TollgateWebFluxAutoConfiguration;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.integration.UriTemplate;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.core.integration.WebSocketProxySettings;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Mount;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TollgateAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateFunctionAutoConfiguration.class,
                    TollgateReactorNettyAutoConfiguration.class, TollgateWebFluxAutoConfiguration.class));

    /**
     * Keys with ':' cannot go through {@code withPropertyValues}, which splits at the first ':'; and a list binds from
     * one property source only, so all of a list's properties go into this one source.
     */
    private static ReactiveWebApplicationContextRunner with(ReactiveWebApplicationContextRunner runner, String key, String value,
                                                            String... properties) {
        Map<String, Object> all = new java.util.HashMap<>();
        for (String property : properties) {
            int eq = property.indexOf('=');
            all.put(property.substring(0, eq), property.substring(eq + 1));
        }
        all.put(key, value);
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", all)));
    }

    private static final String[] PETSTORE = {
            "tollgate.apis.petstore.stages.[$default].variables.backend=http://pets.internal:8080",
            "tollgate.apis.petstore.routes[0].route-key=GET /pets/{id}",
            "tollgate.apis.petstore.routes[0].integration.type=HTTP_PROXY",
            "tollgate.apis.petstore.routes[0].integration.uri=${stageVariables.backend}/pets/{id}",
            "tollgate.apis.petstore.routes[0].integration.timeout=5s",
            "tollgate.apis.petstore.routes[1].route-key=GET /health",
            "tollgate.apis.petstore.routes[1].integration.type=MOCK",
            "tollgate.apis.petstore.routes[1].integration.body={\"status\":\"ok\"}",
    };

    @Test
    void bindsApisFromPropertiesIntoTheGateway() {
        with(runner, "tollgate.apis.petstore.routes[0].integration.request-parameters[append:header.x-request-id]",
                "$context.requestId", PETSTORE).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Gateway.class).hasSingleBean(TollgateHandlerMapping.class);
            Api api = context.getBean(Gateway.class).apis().get(0);
            assertThat(api.name()).isEqualTo("petstore");
            assertThat(api.routes()).hasSize(2);
            HttpProxyIntegration proxy = (HttpProxyIntegration) api.routes().get(0).integration();
            assertThat(proxy.uri().text()).isEqualTo("${stageVariables.backend}/pets/{id}");
            assertThat(proxy.uri().parts()).first().isEqualTo(new UriTemplate.StageVariable("backend"));
            assertThat(proxy.timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(proxy.requestParameters()).singleElement()
                    .satisfies(m -> assertThat(m.key()).isEqualTo("append:header.x-request-id"));
            assertThat(api.stages()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("$default");
                assertThat(s.variables()).containsEntry("backend", "http://pets.internal:8080");
            });
            assertThat(context).getBeans(NettyRouteProvider.class).containsKey("tollgateRouteProvider");
        });
    }

    @Test
    void namedStagesAndBasePathsBind() {
        runner.withPropertyValues(
                "tollgate.apis.legacy.type=rest",
                "tollgate.apis.legacy.base-path=/legacy",
                "tollgate.apis.legacy.stages.prod.variables.v=1",
                "tollgate.apis.legacy.stages.beta.path-prefix=/preview",
                "tollgate.apis.legacy.max-request-body-size=1MB",
                "tollgate.apis.legacy.resource-policy.deny[0]=192.0.2.0/24",
                "tollgate.apis.legacy.resource-policy.trusted-proxies[0]=10.0.0.0/8",
                "tollgate.apis.legacy.cors.allow-origins[0]=https://app.example",
                "tollgate.apis.legacy.routes[0].route-key=ANY /{proxy+}",
                "tollgate.apis.legacy.routes[0].integration.type=mock").run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.mounts()).extracting(Mount::prefix)
                    .containsExactlyInAnyOrder("/legacy/prod", "/legacy/preview");
            assertThat(gateway.apis().get(0).routes().get(0).maxRequestBodySize()).isEqualTo(1024 * 1024);
            assertThat(gateway.apis().get(0).resourcePolicy().deny()).containsExactly("192.0.2.0/24");
            assertThat(gateway.apis().get(0).resourcePolicy().trustedProxies()).containsExactly("10.0.0.0/8");
            assertThat(gateway.apis().get(0).cors().allowOrigins()).containsExactly("https://app.example");
            assertThat(gateway.apis().get(0).cors().allowMethods()).containsExactly("*");
        });
    }

    @Test
    void invalidConfigurationFailsStartupNamingTheProperty() {
        runner.withPropertyValues(
                "tollgate.apis.petstore.routes[0].route-key=GET /pets",
                "tollgate.apis.petstore.routes[0].integration.type=MOCK",
                "tollgate.apis.petstore.routes[1].route-key=GET /pets/{id}",
                "tollgate.apis.petstore.routes[1].integration.type=MOCK",
                "tollgate.apis.petstore.routes[2].route-key=GET pets",
                "tollgate.apis.petstore.routes[2].integration.type=MOCK",
                "tollgate.apis.petstore.routes[3].route-key=GET /x",
                "tollgate.apis.petstore.routes[3].integration.type=HTTP_PROXY",
                "tollgate.apis.petstore.routes[3].integration.method=BREW",
                "tollgate.apis.petstore.routes[3].integration.uri=http://h",
                "tollgate.apis.petstore.routes[4].route-key=GET /y",
                "tollgate.apis.petstore.routes[4].integration.type=HTTP_PROXY",
                "tollgate.apis.petstore.routes[4].integration.uri=http://h",
                "tollgate.apis.petstore.routes[4].integration.timeout=31s"
        ).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.apis.petstore.routes[2].route-key: 'GET pets' must start with '/'")
                    .hasMessageContaining("tollgate.apis.petstore.routes[3].integration.method: unknown method 'BREW'")
                    .hasMessageContaining("tollgate.apis.petstore.routes[4].integration.timeout: 31000 ms is out of range");
        });
    }

    @Test
    void uploadLimitsAreCheckedAtStartupNamingTheProperty() {
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.http-client.max-streaming-uploads=0",
                "tollgate.http-client.request-buffer-size=-1B").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.http-client.max-streaming-uploads: must be at least 1, was 0")
                    .hasMessageContaining("tollgate.http-client.request-buffer-size: must not be negative");
        });
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.http-client.max-streaming-uploads=3",
                "tollgate.http-client.request-buffer-size=0").run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(Gateway.class));
    }

    @Test
    void webSocketBoundsAreCheckedAtStartupNamingTheProperty() {
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.websocket.pass-through.idle-timeout=-1s",
                "tollgate.websocket.pass-through.max-duration=-2s", "tollgate.websocket.pass-through.max-frame-size=100B",
                "tollgate.websocket.pass-through.max-sessions-per-backend=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tollgate.websocket.pass-through.idle-timeout: must not be negative")
                    .hasMessageContaining("tollgate.websocket.pass-through.max-duration: must not be negative")
                    .hasMessageContaining("tollgate.websocket.pass-through.max-frame-size: must be from 125 bytes")
                    .hasMessageContaining("tollgate.websocket.pass-through.max-sessions-per-backend: must be at least 1, was 0");
        });
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.websocket.pass-through.idle-timeout=30s",
                "tollgate.websocket.pass-through.max-duration=2h", "tollgate.websocket.pass-through.max-frame-size=32KB",
                "tollgate.websocket.pass-through.max-sessions-per-backend=100").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Gateway.class);
            assertThat(context.getBean(HttpIntegrationFeature.class)).extracting(HttpIntegrationFeature::webSockets)
                    .isEqualTo(new WebSocketProxySettings(Duration.ofSeconds(30), Duration.ofHours(2), 32 * 1024, 100));
        });
        runner.withPropertyValues(PETSTORE).run(context -> assertThat(context.getBean(HttpIntegrationFeature.class))
                .extracting(HttpIntegrationFeature::webSockets).isEqualTo(WebSocketProxySettings.DEFAULTS));
    }

    @Test
    void mappingKeysWithoutBracketsAreExplained() {
        with(runner, "tollgate.apis.a.routes[0].integration.request-parameters.append:header.x", "1",
                "tollgate.apis.a.routes[0].route-key=GET /x",
                "tollgate.apis.a.routes[0].integration.type=HTTP_PROXY",
                "tollgate.apis.a.routes[0].integration.uri=http://h")
                .run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("tollgate.apis.a.routes[0].integration.request-parameters[")
                        .hasMessageContaining("\"[append:header.name]\""));
    }

    @Test
    void disabledGatewayCreatesNothing() {
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Gateway.class).doesNotHaveBean(TollgateHandlerMapping.class);
            assertThat(context).getBeans(NettyRouteProvider.class).isEmpty();
        });
    }

    @Test
    void directServingCanBeTurnedOff() {
        runner.withPropertyValues(PETSTORE).withPropertyValues("tollgate.server.direct=false").run(context -> {
            assertThat(context).hasSingleBean(Gateway.class).hasSingleBean(TollgateHandlerMapping.class);
            assertThat(context).getBeans(NettyRouteProvider.class).isEmpty();
        });
    }

    @Test
    void apiBeansAndCustomizersJoinThePropertyApis() {
        runner.withPropertyValues(PETSTORE).withUserConfiguration(UserApis.class).run(context -> {
            Gateway gateway = context.getBean(Gateway.class);
            assertThat(gateway.apis()).extracting(Api::name).containsExactly("petstore", "inventory");
            assertThat(gateway.apis().get(0).routes()).hasSize(3);
        });
    }

    @Test
    void backsOffFromUserBeans() {
        runner.withPropertyValues(PETSTORE).withUserConfiguration(UserGateway.class).run(context -> {
            assertThat(context).hasSingleBean(Gateway.class);
            assertThat(context.getBean(Gateway.class).apis()).extracting(Api::name).containsExactly("mine");
            assertThat(context).hasSingleBean(TollgateApis.class);
        });
    }

    @Test
    void configurationMetadataDescribesTheProperties() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"name\": \"tollgate.enabled\"")
                    .contains("whether the gateway is on")
                    .contains("\"name\": \"tollgate.http-client.max-idle-time\"")
                    .contains("\"name\": \"tollgate.http-client.max-streaming-uploads\"")
                    .contains("\"name\": \"tollgate.http-client.request-buffer-size\"")
                    .contains("\"name\": \"tollgate.websocket.pass-through.idle-timeout\"");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserApis {
        @Bean
        Api inventory() {
            return Api.builder("inventory").basePath("/inventory")
                    .route("GET /items", IntegrationSpec.mock(200).body("[]")).build();
        }

        @Bean
        TollgateApiCustomizer addRoute() {
            return (name, api) -> api.route("GET /added", IntegrationSpec.mock(204));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserGateway {
        @Bean
        Gateway myGateway() {
            return Gateway.builder().api(Api.builder("mine").stage("$default", Map.of())
                    .route("GET /m", IntegrationSpec.mock(200)).build()).build();
        }
    }

    @Test
    void bindsNonProxyIntegrationsAndGatewayResponses() {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("tollgate.apis.rest.type", "REST");
        properties.put("tollgate.apis.rest.stages.v1.variables.backend", "http://pets.internal");
        properties.put("tollgate.apis.rest.routes[0].route-key", "GET /pets/{id}");
        properties.put("tollgate.apis.rest.routes[0].integration.type", "HTTP");
        properties.put("tollgate.apis.rest.routes[0].integration.uri", "${stageVariables.backend}/pets/{id}");
        properties.put("tollgate.apis.rest.routes[0].integration.passthrough-behavior", "never");
        properties.put("tollgate.apis.rest.routes[0].integration.request-templates[application/json]", "{\"id\": \"$input.params('id')\"}");
        properties.put("tollgate.apis.rest.routes[0].integration.request-parameters[integration.request.header.x-src]", "'gw'");
        properties.put("tollgate.apis.rest.routes[0].integration.integration-responses[0].status-code", "200");
        properties.put("tollgate.apis.rest.routes[0].integration.integration-responses[0].response-templates[application/json]", "$input.body");
        properties.put("tollgate.apis.rest.routes[0].integration.integration-responses[0].response-parameters[method.response.header.x-a]", "'b'");
        properties.put("tollgate.apis.rest.routes[0].integration.integration-responses[1].selection-pattern", "4\\d{2}");
        properties.put("tollgate.apis.rest.routes[0].integration.integration-responses[1].status-code", "400");
        properties.put("tollgate.apis.rest.gateway-responses.DEFAULT_4XX.status-code", "418");
        properties.put("tollgate.apis.rest.gateway-responses.DEFAULT_4XX.response-parameters[gatewayresponse.header.x-why]", "'teapot'");
        properties.put("tollgate.apis.rest.gateway-responses.DEFAULT_4XX.response-templates[application/json]", "{\"m\":$context.error.messageString}");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", properties))).run(context -> {
            assertThat(context).hasNotFailed();
            Api api = context.getBean(Gateway.class).apis().get(0);
            io.tollgate.core.api.integration.HttpIntegration http = (io.tollgate.core.api.integration.HttpIntegration) api.routes().get(0).integration();
            assertThat(http.mapping().passthroughBehavior()).isEqualTo(io.tollgate.core.api.integration.PassthroughBehavior.NEVER);
            assertThat(http.mapping().requestTemplates()).containsKey("application/json");
            assertThat(http.mapping().requestParameters()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("x-src"));
            assertThat(http.mapping().integrationResponses()).hasSize(2);
            assertThat(http.mapping().integrationResponses().get(1).selectionPattern().pattern()).isEqualTo("4\\d{2}");
            assertThat(api.gatewayResponses().get(io.tollgate.core.api.GatewayResponseType.DEFAULT_4XX).headers())
                    .containsEntry("x-why", "'teapot'");
        });
    }

    @Test
    void templateSyntaxErrorsFailStartupNamingTheProperty() {
        with(runner, "tollgate.apis.rest.routes[0].integration.request-templates[application/json]", "#if($x",
                "tollgate.apis.rest.routes[0].route-key=GET /x",
                "tollgate.apis.rest.routes[0].integration.type=HTTP",
                "tollgate.apis.rest.routes[0].integration.uri=http://h/x").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("tollgate.apis.rest.routes[0].integration.request-templates[application/json]:"
                                + " syntax error at line 1, column 1: #if( has no closing ')'"));
    }

    private static final String[] FUNCTION_ROUTE = {
            "tollgate.apis.fn.routes[0].route-key=GET /pets/{id}",
            "tollgate.apis.fn.routes[0].integration.type=FUNCTION",
            "tollgate.apis.fn.routes[0].integration.function=petFunction",
            "tollgate.apis.fn.routes[0].integration.payload-format-version=1.0",
            "tollgate.apis.fn.routes[0].integration.max-concurrency=5",
    };

    @Test
    void functionRoutesFindTheirBeans() {
        runner.withPropertyValues(FUNCTION_ROUTE).withBean("petFunction", java.util.function.Function.class,
                () -> (java.util.function.Function<Object, Object>) event -> java.util.Map.of("statusCode", 200)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(io.tollgate.core.function.FunctionRegistry.class);
            io.tollgate.core.api.integration.FunctionIntegration function = (io.tollgate.core.api.integration.FunctionIntegration)
                    context.getBean(Gateway.class).apis().get(0).routes().get(0).integration();
            assertThat(function.function()).isEqualTo("petFunction");
            assertThat(function.payloadFormatVersion()).isEqualTo("1.0");
            assertThat(function.maxConcurrency()).isEqualTo(5);
        });
    }

    @Test
    void aMissingOrWrongFunctionBeanFailsStartupNamingTheProperty() {
        runner.withPropertyValues(FUNCTION_ROUTE).run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tollgate.apis.fn.routes[0].integration")
                .hasMessageContaining("the function 'petFunction', which does not exist"));
        runner.withPropertyValues(FUNCTION_ROUTE).withBean("petFunction", String.class, () -> "not a function")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("the bean 'petFunction' is not a GatewayFunction"));
        runner.withPropertyValues(FUNCTION_ROUTE).withPropertyValues("tollgate.functions.enabled=false")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("no integration factory handles FUNCTION"));
    }
}
