package io.tollgate.autoconfigure;

import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.StageChange;
import io.tollgate.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.tollgate.autoconfigure.ConfigurationFileWatchTest.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud's refresh on Spring Boot 4.1 (Spring Cloud Context on the classpath): after an
 * {@link EnvironmentChangeEvent}, from Spring Cloud's own {@code /actuator/refresh} or published by hand, the changed
 * {@code tollgate.apis.*} are deployed; an unchanged environment deploys nothing, an invalid change changes nothing and
 * names its property, and an event published on a thread that must not block is handled off it.
 */
class ConfigurationRefreshSpringCloudTest {

    private static final String TEMPLATE = "tollgate.apis.shop.routes[0].integration.integration-responses[0]"
            + ".response-templates.[application/json]";

    /** The application's properties, changed by the tests as a config server would. */
    private final Map<String, Object> properties = new ConcurrentHashMap<>();

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateConfigurationCheckAutoConfiguration.class,
                    TollgateAutoConfiguration.class, TollgateDeploymentsAutoConfiguration.class,
                    TollgateConfigurationWatchAutoConfiguration.class,
                    RefreshAutoConfiguration.class))
            .withInitializer(context -> context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("test", properties)));

    ConfigurationRefreshSpringCloudTest() {
        for (String property : ConfigurationFileWatchTest.SHOP) {
            int eq = property.indexOf('=');
            properties.put(property.substring(0, eq), property.substring(eq + 1));
        }
    }

    private static String version(int version) {
        return "{\"color\": \"$stageVariables.color\", \"version\": " + version + "}";
    }

    @Test
    void theChangeEventDeploysTheApisWhosePropertiesChangedAndNothingElse() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasBean("tollgateConfigurationRefreshListener");
            Deployments deployments = context.getBean(Deployments.class);
            LiveGateway live = context.getBean(LiveGateway.class);

            // nothing changed: nothing deployed
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of()));
            assertThat(deployments.deployments("shop")).hasSize(1);

            properties.put(TEMPLATE, version(2));
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of(TEMPLATE)));
            assertThat(deployments.deployments("shop")).hasSize(2);
            assertThat(deployments.deployments("shop").get(1).description()).isEqualTo("configuration refresh");
            assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
            assertThat(get(live, "/shop/beta/items/1")).isEqualTo("200 {\"color\": \"green\", \"version\": 2}");

            // a stage variable: the stage takes it
            properties.put("tollgate.apis.shop.stages.prod.variables.color", "red");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("tollgate.apis.shop.stages.prod.variables.color")));
            assertThat(deployments.deployments("shop")).hasSize(3);
            assertThat(deployments.stage("shop", "prod").stage().variables()).containsEntry("color", "red");
            assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"red\", \"version\": 2}");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of()));
            assertThat(deployments.deployments("shop")).hasSize(3);
        });
    }

    @Test
    void anInvalidChangeChangesNothingAndNamesItsPropertyUntilItIsFixed() {
        runner.run(context -> {
            Deployments deployments = context.getBean(Deployments.class);
            LiveGateway live = context.getBean(LiveGateway.class);
            try (LogCapture log = LogCapture.of(ConfigurationDeployer.class)) {
                properties.put("tollgate.apis.shop.routes[0].integration.type", "MOCKK");
                context.publishEvent(new EnvironmentChangeEvent(context, Set.of("tollgate.apis.shop.routes[0].integration.type")));
                assertThat(log.warnings()).singleElement().satisfies(line -> {
                    assertThat(line.getFormattedMessage()).contains("Configuration refresh: nothing deployed")
                            .contains("tollgate.apis.shop.routes[0].integration.type: ");
                    assertThat(line.getThrowableProxy()).isNull();
                });
                assertThat(deployments.deployments("shop")).hasSize(1);
                assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 1}");

                properties.put("tollgate.apis.shop.routes[0].integration.type", "MOCK");
                properties.put(TEMPLATE, version(2));
                context.publishEvent(new EnvironmentChangeEvent(context, Set.of(TEMPLATE)));
                assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
                assertThat(log.warnings()).hasSize(1);
            }
        });
    }

    @Test
    void anEventPublishedOnAThreadThatMustNotBlockIsHandledOffIt() {
        runner.run(context -> {
            CompletableFuture<String> deployedOn = new CompletableFuture<>();
            context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<StageChange>>) event ->
                    deployedOn.complete(Thread.currentThread().getName()));
            properties.put(TEMPLATE, version(2));
            String publishedOn = Mono.fromCallable(() -> {
                context.publishEvent(new EnvironmentChangeEvent(context, Set.of(TEMPLATE)));
                return Thread.currentThread().getName();
            }).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
            assertThat(publishedOn).startsWith("parallel-");
            // the deployment's event, not time, is waited for
            assertThat(deployedOn.get(10, TimeUnit.SECONDS)).startsWith("boundedElastic-");
            assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                    .isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
        });
    }

    /**
     * The whole of it in an application (Spring Boot 4.1 with Spring Cloud Context 5.0): its gateway configuration in a
     * file it imports, the file edited, {@code POST /actuator/refresh}, and the server answers with the change.
     */
    @Test
    void actuatorRefreshAfterAnImportedFileChangedDeploysIt(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("gateway.yml");
        Files.writeString(file, ConfigurationFileWatchTest.shop(1, "color: blue"));
        ConfigurableApplicationContext application = new SpringApplicationBuilder(RefreshedApplication.class).run(
                "--server.port=0", "--spring.config.import=file:" + file,
                "--management.endpoints.web.exposure.include=refresh");
        try {
            WebTestClient client = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30))
                    .baseUrl("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port")).build();
            assertThat(body(client, "/shop/prod/items/1")).isEqualTo("{\"color\": \"blue\", \"version\": 1}");

            Files.writeString(file, ConfigurationFileWatchTest.shop(2, "color: red"));
            String refreshed = client.post().uri("/actuator/refresh").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(refreshed).contains("tollgate.apis.shop.stages.prod.variables.color");
            assertThat(body(client, "/shop/prod/items/1")).isEqualTo("{\"color\": \"red\", \"version\": 2}");
            assertThat(body(client, "/shop/beta/items/1")).isEqualTo("{\"color\": \"green\", \"version\": 2}");
            assertThat(application.getBean(Deployments.class).deployments("shop")).extracting(d -> d.description())
                    .containsExactly("configuration", "configuration refresh");
        } finally {
            application.close();
        }
    }

    private static String body(WebTestClient client, String path) {
        return client.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    /** An application with everything on the classpath auto-configured, Spring Cloud's refresh and its endpoint included. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RefreshedApplication {
    }
}
