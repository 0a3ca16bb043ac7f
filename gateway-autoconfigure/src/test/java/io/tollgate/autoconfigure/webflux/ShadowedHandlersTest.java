package io.tollgate.autoconfigure.webflux;

import io.tollgate.autoconfigure.TollgateAutoConfiguration;
import io.tollgate.autoconfigure.TollgateFunctionAutoConfiguration;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An application handler and an explicit gateway route on the same method and path: one hides the other, said aloud. */
@ExtendWith(OutputCaptureExtension.class)
class ShadowedHandlersTest {

    private static final Gateway GATEWAY = Gateway.builder()
            .api(Api.builder("shop").basePath("/api")
                    .route("GET /items/{id}", IntegrationSpec.mock(200))
                    .route("ANY /files/{path+}", IntegrationSpec.mock(200))
                    .route("$default", IntegrationSpec.mock(418))
                    .build())
            .build();

    /** The application's handlers. */
    static final class Endpoints {
        String item(String id) {
            return id;
        }

        String own() {
            return "own";
        }
    }

    private static Map<RequestMappingInfo, HandlerMethod> handlers(Object... pathsAndMethods) throws Exception {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        Endpoints endpoints = new Endpoints();
        for (int i = 0; i < pathsAndMethods.length; i += 2) {
            RequestMappingInfo.Builder info = RequestMappingInfo.paths((String) pathsAndMethods[i]);
            if (pathsAndMethods[i + 1] != null) {
                info.methods((RequestMethod) pathsAndMethods[i + 1]);
            }
            handlers.put(info.build(), new HandlerMethod(endpoints, Endpoints.class.getDeclaredMethod("item", String.class)));
        }
        return handlers;
    }

    @Test
    void aHandlerOnAnExplicitRoutesMethodAndPathIsFound() throws Exception {
        List<ShadowedHandlers.Shadow> shadows = ShadowedHandlers.find(GATEWAY, handlers(
                "/api/items/{id}", RequestMethod.GET,
                "/api/files/{*rest}", RequestMethod.DELETE,
                "/api/items/{id}", RequestMethod.POST,
                "/api/own", RequestMethod.GET,
                "/elsewhere/items/{id}", null));
        assertThat(shadows).extracting(ShadowedHandlers.Shadow::method, ShadowedHandlers.Shadow::path,
                        ShadowedHandlers.Shadow::routeKey, ShadowedHandlers.Shadow::api)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "/api/items/{id}", "GET /items/{id}", "shop"),
                        org.assertj.core.groups.Tuple.tuple("DELETE", "/api/files/{*rest}", "ANY /files/{path+}", "shop"));
        assertThat(shadows.get(0).handler()).contains("Endpoints#item");
    }

    @Test
    void eachShadowIsOneWarningOnceTheApplicationIsReady(CapturedOutput output) {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                        TollgateFunctionAutoConfiguration.class, TollgateWebFluxAutoConfiguration.class))
                .withBean("appMapping", RequestMappingHandlerMapping.class, () -> {
                    RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
                    try {
                        handlers("/api/items/{id}", RequestMethod.GET).forEach((info, method) ->
                                mapping.registerMapping(info, method.getBean(), method.getMethod()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return mapping;
                })
                .withPropertyValues("tollgate.apis.shop.base-path=/api",
                        "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
                        "tollgate.apis.shop.routes[0].integration.type=MOCK")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    ApplicationListener<ApplicationReadyEvent> warning = context.getBean(
                            "tollgateShadowedHandlersWarning", ApplicationListener.class);
                    warning.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                            context, Duration.ZERO));
                    assertThat(output).contains("WARN").contains("Gateway route 'GET /items/{id}' of API 'shop'"
                            + " answers GET /api/items/{id} ahead of the application's handler")
                            .contains("the handler is never reached");
                });
    }
}
