package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.io.DefaultResourceLoader;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tollgate.apis.<name>.openapi}: the document imported before the configuration is checked, so that what it
 * cannot say and what the model refuses fail startup naming the property and the document's item and line.
 */
class TollgateOpenApiAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateOpenApiAutoConfiguration.class,
                    TollgateConfigurationCheckAutoConfiguration.class, TollgateAutoConfiguration.class,
                    TollgateFunctionAutoConfiguration.class, TollgateCorsAutoConfiguration.class,
                    TollgateValidationAutoConfiguration.class));

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void anImportedApiIsBuiltAndItsImportKeptWithItsWarnings() {
        runner.withPropertyValues("tollgate.apis.petstore.openapi=classpath:openapi/aws/petstore.json").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Gateway.class).mounts()).extracting(m -> m.api().name()).containsExactly("petstore");
            OpenApiImports imports = context.getBean(OpenApiImports.class);
            assertThat(imports.results()).containsOnlyKeys("petstore");
            assertThat(imports.results().get("petstore").imported().warnings()).extracting(Object::toString)
                    .contains("/x-amazon-apigateway-documentation (line 377): documentation parts are not kept; ignored");
        });
    }

    @Test
    void aDefinitionReadAfterStartupImportsItsDocumentToo() {
        // a deployment posted to the actuator, a watched file, a refresh: read by ApiDefinitionReader
        ApiDefinitionReader reader = new ApiDefinitionReader(List.of(), new OpenApiImports(new DefaultResourceLoader()));
        Api api = reader.read("pets", Map.of("openapi", "classpath:openapi/aws/petstore.json",
                "routes", List.of(Map.of("route-key", "GET /extra", "integration", Map.of("type", "MOCK")))));
        assertThat(api.routes()).extracting(r -> r.key().toString()).containsExactly("GET /", "GET /pets",
                "POST /pets", "OPTIONS /pets", "GET /pets/{petId}", "OPTIONS /pets/{petId}", "GET /extra");
        assertThatThrownBy(() -> new ApiDefinitionReader(List.of(), null).read("pets",
                Map.of("openapi", "classpath:openapi/aws/petstore.json")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("OpenAPI imports are off (tollgate.openapi.enabled=false)");
    }

    @Test
    void aMissingDocumentFailsStartupNamingTheProperty() {
        runner.withPropertyValues("tollgate.apis.pets.openapi=classpath:openapi/nowhere.json").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.pets.openapi: no document at "
                            + "'classpath:openapi/nowhere.json'");
        });
    }

    @Test
    void aMalformedDocumentFailsStartupWithItsLine() {
        runner.withPropertyValues("tollgate.apis.pets.openapi=classpath:openapi/malformed.json").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.pets.openapi: /: not valid JSON (line 5, column 19): Unexpected character");
        });
    }

    @Test
    void whatTheModelRefusesInTheDocumentNamesTheDocumentsItemAndLine() {
        runner.withPropertyValues("tollgate.apis.slow.openapi=classpath:openapi/slow.yaml").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.slow.routes[0].integration.timeout")
                    .hasMessageContaining("classpath:openapi/slow.yaml /paths/~1report/get/"
                            + "x-amazon-apigateway-integration (line 8)");
        });
    }

    @Test
    void aPropertyBesideTheDocumentOverridesIt() {
        runner.withPropertyValues("tollgate.apis.slow.openapi=classpath:openapi/slow.yaml",
                "tollgate.apis.slow.routes[0].route-key=GET /report",
                "tollgate.apis.slow.routes[0].integration.timeout=10s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Gateway.class).mounts()).hasSize(1);
        });
    }

    @Test
    void failOnWarningsRefusesADocumentWithWarnings() {
        runner.withPropertyValues("tollgate.apis.slow.openapi=classpath:openapi/slow.yaml",
                "tollgate.apis.slow.openapi-import.fail-on-warnings=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.slow.openapi: /paths/~1report/get/"
                            + "x-amazon-apigateway-integration/contentHandling: bodies are passed as they are (no "
                            + "conversion to text or binary); ignored (line 13) [fail-on-warnings]");
        });
    }

    @Test
    void importsTurnedOffLeaveTheApiUnbuiltAndSaySo() {
        runner.withPropertyValues("tollgate.openapi.enabled=false",
                "tollgate.apis.pets.openapi=classpath:openapi/aws/petstore.json").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.pets.openapi: 'classpath:openapi/aws/petstore.json' was not "
                            + "imported: OpenAPI imports are off (tollgate.openapi.enabled=false)");
        });
    }

    @Test
    void aMisspelledImportSettingIsAnUnknownProperty() {
        runner.withPropertyValues("tollgate.apis.pets.openapi=classpath:openapi/aws/petstore.json",
                "tollgate.apis.pets.openapi-import.fail-on-warning=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.pets.openapi-import.fail-on-warning: unknown property: did "
                            + "you mean 'fail-on-warnings'?");
        });
    }

    @Test
    void aResolverBeanChoosesTheBeanOfALambdaFunction() {
        runner.withUserConfiguration(CalculatorResolver.class)
                .withPropertyValues("tollgate.apis.calc.openapi=classpath:openapi/aws/lambda-calc.json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Gateway.class).mounts().get(0).api().routes())
                            .extracting(r -> ((io.tollgate.core.api.integration.FunctionIntegration) r.integration())
                                    .function()).containsOnly("calculator");
                });
    }

    /** Lambda functions named Calc are served by the bean calculator. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class CalculatorResolver {

        @org.springframework.context.annotation.Bean
        static io.tollgate.core.openapi.LambdaFunctionResolver lambdaFunctionResolver() {
            return arn -> arn.endsWith(":function:Calc") ? "calculator" : null;
        }

        @org.springframework.context.annotation.Bean
        java.util.function.Function<Map<String, Object>, Object> calculator() {
            return event -> Map.of("c", 0);
        }
    }

    @Test
    void aBadImportSettingFailsStartupNamingIt() {
        runner.withPropertyValues("tollgate.apis.pets.openapi=classpath:openapi/aws/petstore.json",
                "tollgate.apis.pets.openapi-import.base-path=sideways").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("tollgate.apis.pets.openapi-import.base-path: 'sideways' must be ignore, "
                            + "prepend or split");
        });
    }
}
