package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.netty.TollgateReactorNettyAutoConfiguration;
import io.tollgate.autoconfigure.webflux.TollgateWebFluxAutoConfiguration;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tollgate.*} configuration is checked before any bean is made, and every problem fails startup at once,
 * each named with where it is written: unknown properties with the nearest known name (a misspelled
 * {@code api-key-required} must never leave a route open), values of the wrong type, and what the model refuses.
 */
class TollgateConfigurationCheckAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateConfigurationCheckAutoConfiguration.class,
                    TollgateAutoConfiguration.class, TollgateFunctionAutoConfiguration.class,
                    TollgateUsageAutoConfiguration.class, TollgateAuthorizationAutoConfiguration.class,
                    TollgateAuthorizerAutoConfiguration.class, TollgateCacheAutoConfiguration.class,
                    TollgateValidationAutoConfiguration.class, TollgateObservabilityAutoConfiguration.class,
                    TollgateEdgeAutoConfiguration.class, TollgateCorsAutoConfiguration.class,
                    TollgateResourcePolicyAutoConfiguration.class, TollgateIamAutoConfiguration.class,
                    TollgateReactorNettyAutoConfiguration.class, TollgateWebFluxAutoConfiguration.class));

    private static final String[] SHOP = {
            "tollgate.apis.shop.base-path=/shop",
            "tollgate.apis.shop.stages.[$default].variables.backend=http://127.0.0.1:9",
            "tollgate.apis.shop.routes[0].route-key=GET /orders",
            "tollgate.apis.shop.routes[0].api-key-required=true",
            "tollgate.apis.shop.routes[0].integration.type=HTTP_PROXY",
            "tollgate.apis.shop.routes[0].integration.uri=${stageVariables.backend}/orders",
    };

    /** One property source holding {@code properties} (a list binds from one source only). */
    private static ReactiveWebApplicationContextRunner with(ReactiveWebApplicationContextRunner runner, String name,
                                                            String... properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String property : properties) {
            int eq = property.indexOf('=');
            all.put(property.substring(0, eq), property.substring(eq + 1));
        }
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource(name, all)));
    }

    private static String[] shopWith(String... more) {
        return concat(SHOP, more);
    }

    @Test
    void aStageWrittenAsAnEmptyMapIsAStageWithItsDefaults() {
        runner.withInitializer(context -> ConfigDataEnvironmentPostProcessor.applyTo(context.getEnvironment()))
                .withPropertyValues("spring.config.location=classpath:strict/empty-stage.yml").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Gateway.class).mounts()).extracting(mount -> mount.stage().name())
                    .containsExactlyInAnyOrder("prod", "test", "dev");
        });
    }

    @Test
    void aMisspelledKeyFailsStartupNamingItAndTheNearestName() {
        with(runner, "test", shopWith("tollgate.apis.shop.routes[0].api-key-requried=true")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TollgateConfigurationException.class)
                    .hasMessageContaining("1 problem in the Tollgate configuration")
                    .hasMessageContaining("tollgate.apis.shop.routes[0].api-key-requried: unknown property: did you"
                            + " mean 'api-key-required'?");
        });
    }

    @Test
    void everyMistakeIsReportedInOneRunWithItsFileAndLine() {
        runner.withInitializer(context -> ConfigDataEnvironmentPostProcessor.applyTo(context.getEnvironment()))
                .withPropertyValues("spring.config.location=classpath:strict/typos.yml")
                .run(context -> {
                    assertThat(context).hasFailed();
                    TollgateConfigurationException failure = (TollgateConfigurationException) rootCause(context.getStartupFailure());
                    assertThat(failure.properties()).containsExactly(
                            "tollgate.apis.shop.base-pth",
                            "tollgate.apis.shop.routes[0].api-key-requried",
                            "tollgate.apis.shop.routes[1].integraton",
                            "tollgate.apis.shop.stages.$default",
                            // what the misspelled 'integraton' leaves out
                            "tollgate.apis.shop.routes[1].integration");
                    assertThat(failure.getMessage())
                            .contains("5 problems in the Tollgate configuration")
                            .contains("tollgate.apis.shop.base-pth: unknown property: did you mean 'base-path'?"
                                    + " (class path resource [strict/typos.yml] - 4:17)")
                            .contains("routes[0].api-key-requried: unknown property: did you mean 'api-key-required'?"
                                    + " (class path resource [strict/typos.yml] - 11:29)")
                            .contains("routes[1].integraton: unknown property (and everything under it): did you mean"
                                    + " 'integration'? (class path resource [strict/typos.yml] - 17:19)")
                            .contains("tollgate.apis.shop.stages.$default: '$default' loses its '$' as a plain key")
                            .contains("'[$default]', in YAML, or tollgate.apis.shop.stages[$default] in a .properties file"
                                    + " (class path resource [strict/typos.yml] - 8:22)");
                    FailureAnalysis analysis = new TollgateConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo(failure.getMessage());
                    assertThat(analysis.getAction()).contains("tollgate.fail-on-unknown-properties=false");
                });
    }

    @Test
    @DisplayName("every mistake of every kind is reported in one run: unknown keys, wrong types, what the model refuses")
    void mistakesOfEveryKindAreReportedTogether() {
        runner.withInitializer(context -> ConfigDataEnvironmentPostProcessor.applyTo(context.getEnvironment()))
                .withPropertyValues("spring.config.location=classpath:strict/mistakes.yml")
                .run(context -> {
                    assertThat(context).hasFailed();
                    TollgateConfigurationException failure =
                            (TollgateConfigurationException) rootCause(context.getStartupFailure());
                    String file = "(class path resource [strict/mistakes.yml] - ";
                    assertThat(failure.getMessage()).isEqualTo("""
                            6 problems in the Tollgate configuration:
                              - tollgate.apis.shop.routes[0].api-key-requried: unknown property: did you mean \
                            'api-key-required'? %1$s7:29)
                              - tollgate.apis.shop.routes[0].integration.timeout: '5 seconds' is not a valid duration \
                            (such as 500ms, 30s or 5m) %1$s11:22)
                              - tollgate.apis.shop.routes[1].route-key: 'FETCH /orders/{id}' has an unknown method \
                            'FETCH' (expected one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY) %1$s12:22)
                              - tollgate.apis.shop.routes[2].integration.request-templates[application/json]: syntax \
                            error at line 2, column 3: #foreach has no #end %1$s20:37)
                              - tollgate.usage-plans.basic.quota.limit: must be at least 1 %1$s28:16)
                              - tollgate.api-keys.alice.usage-plans: 'gold' is not a usage plan [basic] %1$s36:20)"""
                            .formatted(file));
                    FailureAnalysis analysis = new TollgateConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getAction())
                            .startsWith("  - tollgate.apis.shop.routes[0].api-key-requried: rename 'api-key-requried' to"
                                    + " 'api-key-required' " + file + "7:29)")
                            .contains("  - tollgate.apis.shop.routes[0].integration.timeout: write a duration (such as"
                                    + " 500ms, 30s or 5m) " + file + "11:22)")
                            .contains("Correct or remove each unknown property")
                            .contains("Write each value that is not of its property's type")
                            .contains("Correct each invalid value");
                });
    }

    @Test
    @DisplayName("a value of the wrong type is one problem, not also the missing value the model then sees")
    void aValueThatDoesNotConvertIsReportedOnce() {
        with(runner, "test", shopWith("tollgate.usage-plans.basic.throttle.rate-limit=10",
                "tollgate.usage-plans.basic.throttle.burst-limit=twenty",
                "tollgate.usage-plans.basic.api-stages[0].api=shop",
                "tollgate.usage-plans.basic.api-stages[0].stage=$default")).run(context -> {
            TollgateConfigurationException failure = (TollgateConfigurationException) rootCause(context.getStartupFailure());
            assertThat(failure.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.kind()).isEqualTo(ConfigurationCheck.Kind.CONVERSION);
                assertThat(finding.toString()).startsWith("tollgate.usage-plans.basic.throttle.burst-limit: 'twenty' is"
                        + " not a valid whole number (");
            });
        });
    }

    @Test
    void aUsagePlanNamingAnApiThatDoesNotExistIsReportedWithTheOtherProblems() {
        String[] plan = {"tollgate.usage-plans.basic.throttle.rate-limit=10",
                "tollgate.usage-plans.basic.throttle.burst-limit=20",
                "tollgate.usage-plans.basic.api-stages[0].api=nowhere"};
        with(runner, "test", shopWith(concat(plan, "tollgate.apis.shop.base-pth=/x"))).run(context ->
                assertThat(((TollgateConfigurationException) rootCause(context.getStartupFailure())).properties())
                        .containsExactly("tollgate.apis.shop.base-pth", "tollgate.usage-plans.basic.api-stages[0].api"));
        // an API bean may be the one a plan names: left to the gateway's build, which finds it
        with(runner, "test", plan).withBean("nowhere", Api.class, () -> Api.builder("nowhere").basePath("/nowhere")
                .route("GET /x", IntegrationSpec.mock(200)).build()).run(context -> assertThat(context).hasNotFailed());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void aKeyWithNoNearNameListsTheKnownOnes() {
        with(runner, "test", shopWith("tollgate.apis.shop.routes[0].integration.flavour=sweet")).run(context ->
                assertThat(rootCause(context.getStartupFailure())).hasMessageContaining(
                        "tollgate.apis.shop.routes[0].integration.flavour: unknown property; known here: ")
                        .hasMessageContaining("request-parameters").hasMessageContaining("uri"));
        with(runner, "test", "tollgate.htp-client.max-connections=5").run(context ->
                assertThat(rootCause(context.getStartupFailure())).hasMessageContaining(
                        "tollgate.htp-client: unknown property (and everything under it): did you mean 'http-client'?"));
    }

    @Test
    void everyDocumentedKindOfPropertyIsKnown() {
        with(runner, "test", shopWith(
                "tollgate.enabled=true",
                "tollgate.authorizers.enabled=true",
                "tollgate.usage.enabled=true",
                "tollgate.fail-on-unknown-properties=true",
                "tollgate.http-client.max-connections=50",
                "tollgate.server.direct=true",
                "tollgate.server.edge.request-header-timeout=10s",
                "tollgate.cache.enabled=true",
                "tollgate.validation.enabled=true",
                "tollgate.observability.metrics.enabled=true",
                "tollgate.apis.shop.cors.allow-origins=https://a.example,https://b.example",
                "tollgate.apis.shop.stages.[$default].variables.any-name_at.all=x",
                "tollgate.apis.shop.routes[0].integration.request-parameters[append:header.x-from]='gateway'",
                "tollgate.apis.shop.routes[0].steps[0].name=audit",
                "tollgate.apis.shop.routes[0].steps[0].args.level=high",
                "tollgate.usage-plans.basic.throttle.rate-limit=10",
                "tollgate.usage-plans.basic.throttle.burst-limit=20",
                "tollgate.usage-plans.basic.api-stages[0].api=shop",
                "tollgate.usage-plans.basic.api-stages[0].stage=$default",
                "tollgate.api-keys.alice.value=alice-key-0123456789abcdef",
                "tollgate.api-keys.alice.usage-plans=basic")).run(context -> {
            assertThat(context.getStartupFailure()).satisfiesAnyOf(
                    failure -> assertThat(failure).isNull(),
                    // the model may refuse a value (the odd stage variable name): no property is unknown
                    failure -> assertThat(((TollgateConfigurationException) rootCause(failure)).findings())
                            .noneMatch(f -> f.kind() == ConfigurationCheck.Kind.UNKNOWN));
        });
    }

    @Test
    void aListReplacedByAHigherSourceLeavesTheLowerOnesElementsAlone() {
        ReactiveWebApplicationContextRunner lower = with(runner, "lower", shopWith(
                "tollgate.apis.shop.routes[1].route-key=GET /health",
                "tollgate.apis.shop.routes[1].integration.type=MOCK"));
        with(lower, "higher",
                "tollgate.apis.shop.routes[0].route-key=GET /orders",
                "tollgate.apis.shop.routes[0].integration.type=MOCK").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Gateway.class).mounts().get(0).api().routes()).hasSize(1);
        });
    }

    @Test
    void environmentVariablesAreNotChecked() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("env", Map.of("TOLLGATE_SOMETHING_ELSE", "1"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theCheckCanBeTurnedOff() {
        with(runner, "test", shopWith("tollgate.apis.shop.routes[0].api-key-requried=true",
                "tollgate.fail-on-unknown-properties=false")).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void everyConfigurationPropertiesTypeIsChecked() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> types = new HashSet<>();
        scanner.findCandidateComponents("io.tollgate").forEach(candidate -> types.add(candidate.getBeanClassName()));
        assertThat(UnknownProperties.TARGETS.stream().map(target -> target.type().getName()))
                .as("a new @ConfigurationProperties type is added to UnknownProperties.TARGETS")
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void theNamesOnlyConditionsReadAreInTheMetadataForCompletion() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
            String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(UnknownProperties.CONDITION_ONLY)
                    .allSatisfy(name -> assertThat(metadata).contains("\"name\": \"" + name + "\""));
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
