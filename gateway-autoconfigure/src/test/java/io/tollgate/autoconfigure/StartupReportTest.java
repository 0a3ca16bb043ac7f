package io.tollgate.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup report: what the gateway serves, in one block, with secrets masked. */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTest {

    @Test
    void listsEachApiWithItsStagesAndRoutesAndTheirTargets() {
        Gateway gateway = Gateway.builder()
                .api(Api.builder("shop").basePath("/shop")
                        .stage("$default", Map.of("backend", "http://orders.internal:8080"))
                        .route("GET /orders/{id}", IntegrationSpec.httpProxy("${stageVariables.backend}/orders/{id}"))
                        .route("POST /orders", IntegrationSpec.http("http://orders.internal:8080/place"))
                        .route("$default", IntegrationSpec.mock(404))
                        .build())
                .api(Api.builder("legacy").type("REST").basePath("/legacy")
                        .stage("prod", Map.of()).stage("beta", Map.of())
                        .route("GET /pets", IntegrationSpec.httpProxy("https://svc:s3cret@pets.example/pets?key=abc&v=2")
                                .method("GET"))
                        .build())
                .build();

        assertThat(StartupReport.describe(gateway)).isEqualTo("""
                Tollgate serves 2 APIs:
                  shop (HTTP, base path /shop)
                    stage $default at /shop
                    GET /orders/{id} -> HTTP_PROXY ${stageVariables.backend}/orders/{id}
                    POST /orders -> HTTP http://orders.internal:8080/place
                    $default -> MOCK 404
                  legacy (REST, base path /legacy)
                    stage beta at /legacy/beta
                    stage prod at /legacy/prod
                    GET /pets -> HTTP_PROXY GET https://svc:****@pets.example/pets?key=****&v=****""");
    }

    @Test
    void aFunctionIsNamed() {
        Api api = Api.builder("fn").route("POST /orders", IntegrationSpec.function("placeOrder")).build();
        assertThat(StartupReport.target(api.routes().get(0).integration())).isEqualTo("FUNCTION placeOrder");
    }

    @Test
    void masksPasswordsTokensAndQueryValues() {
        assertThat(SecretMask.uri("http://user:pw@host:8080/a?b=c")).isEqualTo("http://user:****@host:8080/a?b=****");
        assertThat(SecretMask.uri("https://token@host/a")).isEqualTo("https://****@host/a");
        assertThat(SecretMask.uri("http://host/a/{proxy}")).isEqualTo("http://host/a/{proxy}");
        assertThat(SecretMask.uri("http://host/a?flag")).isEqualTo("http://host/a?flag");
        assertThat(SecretMask.uri("http://host/a@b")).as("an @ in the path is no user info")
                .isEqualTo("http://host/a@b");
    }

    @Test
    void isLoggedOnceTheApplicationIsReadyUnlessTurnedOff(CapturedOutput output) {
        // the tests' logback configuration logs WARN and above; an application logs INFO
        Logger logger = (Logger) LoggerFactory.getLogger(StartupReport.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            logged(output);
        } finally {
            logger.setLevel(level);
        }
    }

    private static void logged(CapturedOutput output) {
        ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class,
                        TollgateFunctionAutoConfiguration.class, TollgateStartupReportAutoConfiguration.class))
                .withPropertyValues("tollgate.apis.shop.base-path=/shop",
                        "tollgate.apis.shop.routes[0].route-key=GET /health",
                        "tollgate.apis.shop.routes[0].integration.type=MOCK");
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            ApplicationListener<ApplicationReadyEvent> report = context.getBean("tollgateStartupReport",
                    ApplicationListener.class);
            report.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context,
                    Duration.ZERO));
            assertThat(output).contains("INFO").contains("Tollgate serves 1 API:\n  shop (HTTP, base path /shop)\n"
                    + "    stage $default at /shop\n    GET /health -> MOCK 200");
        });
        runner.withPropertyValues("tollgate.startup-report.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("tollgateStartupReport"));
    }
}
