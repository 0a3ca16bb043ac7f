package io.tollgate.autoconfigure;

import ch.qos.logback.classic.Level;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import io.tollgate.core.server.deploy.Deployment;
import io.tollgate.core.server.deploy.DeploymentStore;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.InMemoryDeploymentStore;
import io.tollgate.core.server.deploy.StageState;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watched file of API definitions ({@code tollgate.deployments.watch.file}): each check deploys the APIs that changed
 * in it to the stages it defines (what a stage's settings change there included, an operator's own changes kept), an
 * unchanged file deploys nothing, an invalid one changes nothing and names every property until it is fixed, a stage
 * with a canary keeps its deployment while the others take the change, a missing file is said once. The checks are
 * called directly: the watch's own thread waits an hour between its checks here, and nothing waits on time.
 */
class ConfigurationFileWatchTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateConfigurationCheckAutoConfiguration.class,
                    TollgateAutoConfiguration.class, TollgateDeploymentsAutoConfiguration.class,
                    TollgateConfigurationWatchAutoConfiguration.class));

    /** The shop as the application's configuration has it: version 1 on two stages. */
    static final String[] SHOP = {
            "tollgate.apis.shop.type=REST",
            "tollgate.apis.shop.base-path=/shop",
            "tollgate.apis.shop.stages.prod.variables.color=blue",
            "tollgate.apis.shop.stages.beta.variables.color=green",
            "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].integration.integration-responses[0].status-code=200",
            "tollgate.apis.shop.routes[0].integration.integration-responses[0].response-templates.[application/json]="
                    + "{\"color\": \"$stageVariables.color\", \"version\": 1}",
    };

    @TempDir
    Path directory;

    /** The shop in a YAML file: {@code version} in its template, and the variables of its stage prod. */
    static String shop(int version, String prodVariables) {
        return """
                tollgate:
                  apis:
                    shop:
                      type: REST
                      base-path: /shop
                      stages:
                        prod:
                          variables: {%s}
                        beta:
                          variables:
                            color: green
                      routes:
                        - route-key: GET /items/{id}
                          integration:
                            type: MOCK
                            integration-responses:
                              - status-code: 200
                                response-templates:
                                  "[application/json]": '{"color": "$stageVariables.color", "version": %d}'
                """.formatted(prodVariables, version);
    }

    private static final String HELLO = """
                hello:
                  stages:
                    "[$default]":
                      variables:
                        greeting: hi
                  routes:
                    - route-key: GET /hello
                      integration:
                        type: MOCK
                        integration-responses:
                          - status-code: 200
                            response-templates:
                              "[application/json]": '{"greeting": "$stageVariables.greeting"}'
            """;

    private ReactiveWebApplicationContextRunner watching(Path file, String... more) {
        String[] all = java.util.Arrays.copyOf(SHOP, SHOP.length + 2 + more.length);
        all[SHOP.length] = "tollgate.deployments.watch.file=" + file;
        all[SHOP.length + 1] = "tollgate.deployments.watch.interval=1h";
        System.arraycopy(more, 0, all, SHOP.length + 2, more.length);
        return with(runner, all);
    }

    @Test
    void aChangedFileIsDeployedToTheStagesItDefinesAndAnUnchangedOneDeploysNothing() throws IOException {
        Path file = directory.resolve("apis.yml");
        Files.writeString(file, shop(1, "color: blue")); // as the application's configuration: nothing to deploy
        watching(file).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("tollgateConfigurationRefreshListener");
            ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
            Deployments deployments = context.getBean(Deployments.class);
            assertThat(watch.isRunning()).isTrue();
            assertThat(deployments.deployments("shop")).hasSize(1);
            assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                    .isEqualTo("200 {\"color\": \"blue\", \"version\": 1}");

            Files.writeString(file, shop(2, "color: blue") + HELLO);
            ConfigurationDeployer.Outcome outcome = watch.check();
            assertThat(outcome.deployed()).containsExactly("shop/prod", "shop/beta", "hello/$default");
            assertThat(outcome.skipped()).isEmpty();
            assertThat(outcome.problems()).isEmpty();
            List<Deployment> shops = deployments.deployments("shop");
            assertThat(shops).hasSize(2);
            Deployment second = shops.get(1);
            assertThat(second.description()).isEqualTo("configuration file " + file.toAbsolutePath().normalize());
            assertThat(deployments.stage("shop", "prod").deploymentId()).isEqualTo(second.id());
            assertThat(deployments.stage("shop", "beta").deploymentId()).isEqualTo(second.id());
            assertThat(deployments.stage("shop", "prod").history()).containsExactly(shops.get(0).id());
            LiveGateway live = context.getBean(LiveGateway.class);
            assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
            assertThat(get(live, "/shop/beta/items/1")).isEqualTo("200 {\"color\": \"green\", \"version\": 2}");
            // a new API, its bracketed stage and template keys read as application.yml has them
            assertThat(get(live, "/hello")).isEqualTo("200 {\"greeting\": \"hi\"}");

            // the same content again, rewritten or not: nothing deployed
            assertThat(watch.check()).isEqualTo(ConfigurationDeployer.Outcome.NOTHING);
            Files.writeString(file, shop(2, "color: blue") + HELLO);
            assertThat(watch.check()).isEqualTo(ConfigurationDeployer.Outcome.NOTHING);
            assertThat(deployments.deployments("shop")).hasSize(2);
            assertThat(deployments.deployments("hello")).hasSize(1);

            // an API removed from the file is left as it is; one that did not change in it is not deployed again
            deployments.rollback("shop", "beta", false);
            Files.writeString(file, shop(2, "color: blue"));
            assertThat(watch.check().deployed()).isEmpty();
            assertThat(get(live, "/hello")).isEqualTo("200 {\"greeting\": \"hi\"}");
            assertThat(deployments.stage("shop", "beta").deploymentId()).isEqualTo(shops.get(0).id());

            context.close();
            assertThat(watch.isRunning()).isFalse();
        });
    }

    @Test
    void aFileThatDiffersFromTheConfigurationIsDeployedWhenTheContextStarts() throws IOException {
        Path file = directory.resolve("apis.yaml");
        Files.writeString(file, shop(2, "color: blue"));
        watching(file).run(context -> {
            Deployments deployments = context.getBean(Deployments.class);
            assertThat(deployments.deployments("shop")).extracting(Deployment::description)
                    .containsExactly("configuration", "configuration file " + file.toAbsolutePath().normalize());
            assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                    .isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
            assertThat(context.getBean(ConfigurationFileWatch.class).check()).isEqualTo(ConfigurationDeployer.Outcome.NOTHING);
        });
    }

    @Test
    void theStageSettingsTheFileChangesAreChangedAndAnOperatorsOthersStay() throws IOException {
        Path file = directory.resolve("apis.yml");
        watching(file).run(context -> {
            ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
            Deployments deployments = context.getBean(Deployments.class);
            deployments.update("shop", "prod", Map.of("size", "xl"), null, false); // an operator's own variable

            Files.writeString(file, shop(1, "color: red").replace("""
                        prod:
                """, """
                        prod:
                          throttle:
                            rate-limit: 100
                            burst-limit: 50
                """));
            // the stages' settings are part of the API's definition: a new deployment of it, on each of its stages
            assertThat(watch.check().deployed()).containsExactly("shop/prod", "shop/beta");
            StageState prod = deployments.stage("shop", "prod");
            assertThat(prod.stage().variables()).containsExactlyInAnyOrderEntriesOf(Map.of("color", "red", "size", "xl"));
            assertThat(prod.stage().throttle()).isEqualTo(new Throttle(100, 50));
            StageState beta = deployments.stage("shop", "beta");
            assertThat(beta.stage().variables()).containsExactly(Map.entry("color", "green"));
            assertThat(beta.stage().throttle()).isNull();
            assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                    .isEqualTo("200 {\"color\": \"red\", \"version\": 1}");

            // a variable removed from the file is removed from the stage, and so is the throttle
            Files.writeString(file, shop(1, "").replace("variables: {}", "path-prefix: /prod"));
            assertThat(watch.check().deployed()).containsExactly("shop/prod", "shop/beta");
            prod = deployments.stage("shop", "prod");
            assertThat(prod.stage().variables()).containsExactly(Map.entry("size", "xl"));
            assertThat(prod.stage().throttle()).isNull();
        });
    }

    @Test
    void anInvalidEditChangesNothingAndNamesEveryPropertyUntilAFixIsSaved() throws IOException {
        Path file = directory.resolve("apis.yml");
        watching(file).run(context -> {
            ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
            Deployments deployments = context.getBean(Deployments.class);
            LiveGateway live = context.getBean(LiveGateway.class);
            try (LogCapture log = LogCapture.of(ConfigurationDeployer.class);
                 LogCapture fileLog = LogCapture.of(ConfigurationFileWatch.class)) {
                Files.writeString(file, shop(2, "color: blue").replace("route-key:", "route-kee:")
                        .replace("type: MOCK", "type: MOCK\n            timeout-millis: 5"));
                ConfigurationDeployer.Outcome refused = watch.check();
                assertThat(refused.deployed()).isEmpty();
                assertThat(refused.problems()).extracting(p -> p.path()).contains(
                        "tollgate.apis.shop.routes[0].route-kee", "tollgate.apis.shop.routes[0].integration.timeout-millis");
                assertThat(log.warnings()).singleElement().satisfies(line -> {
                    assertThat(line.getFormattedMessage()).contains("nothing deployed")
                            .contains("tollgate.apis.shop.routes[0].route-kee: ")
                            .contains("tollgate.apis.shop.routes[0].integration.timeout-millis: ");
                    assertThat(line.getThrowableProxy()).isNull();
                });
                assertThat(deployments.deployments("shop")).hasSize(1);
                assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 1}");
                watch.check();
                assertThat(log.warnings()).hasSize(1); // said once

                // not YAML at all: said once, nothing changes
                Files.writeString(file, "tollgate:\n  apis: [unclosed\n");
                assertThat(watch.check()).isEqualTo(ConfigurationDeployer.Outcome.NOTHING);
                watch.check();
                assertThat(fileLog.warnings()).singleElement().satisfies(line -> {
                    assertThat(line.getFormattedMessage()).contains("cannot be loaded; nothing changed");
                    assertThat(line.getThrowableProxy()).isNull();
                });

                // the fix is deployed
                Files.writeString(file, shop(2, "color: blue"));
                assertThat(watch.check().deployed()).containsExactly("shop/prod", "shop/beta");
                assertThat(get(live, "/shop/prod/items/1")).isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
                assertThat(log.warnings()).hasSize(1);
            }
        });
    }

    @Test
    void aStageWithACanaryKeepsItsDeploymentWithAWarningAndTheOthersAreDeployed() throws IOException {
        // a properties file this time, bracketed keys as application.properties has them
        Path file = directory.resolve("apis.properties");
        watching(file, "tollgate.apis.shop.stages.prod.canary.percent-traffic=10").run(context -> {
            ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
            Deployments deployments = context.getBean(Deployments.class);
            String first = deployments.stage("shop", "prod").deploymentId();
            try (LogCapture log = LogCapture.of(ConfigurationDeployer.class)) {
                Files.writeString(file, properties(2));
                ConfigurationDeployer.Outcome outcome = watch.check();
                assertThat(outcome.deployed()).containsExactly("shop/beta");
                assertThat(outcome.skipped()).containsOnlyKeys("shop/prod");
                assertThat(log.warnings()).singleElement().satisfies(line -> {
                    assertThat(line.getFormattedMessage()).contains("stage 'prod' of api 'shop' keeps deployment '"
                            + first + "'").contains("has a canary");
                    assertThat(line.getThrowableProxy()).isNull();
                });
            }
            assertThat(deployments.stage("shop", "prod").deploymentId()).isEqualTo(first);
            String second = deployments.stage("shop", "beta").deploymentId();
            assertThat(second).isNotEqualTo(first);
            assertThat(get(context.getBean(LiveGateway.class), "/shop/beta/items/1"))
                    .isEqualTo("200 {\"color\": \"green\", \"version\": 2}");

            // once the canary is gone, the file's next change reaches the stage as well
            deployments.deleteCanary("shop", "prod");
            Files.writeString(file, properties(3));
            assertThat(watch.check().deployed()).containsExactlyInAnyOrder("shop/prod", "shop/beta");
            assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                    .isEqualTo("200 {\"color\": \"blue\", \"version\": 3}");
        });
    }

    /** The shop as a properties file, at {@code version}. */
    private static String properties(int version) {
        return Map.of("tollgate.apis.shop.type", "REST", "tollgate.apis.shop.base-path", "/shop",
                        "tollgate.apis.shop.stages.prod.variables.color", "blue",
                        "tollgate.apis.shop.stages.beta.variables.color", "green",
                        "tollgate.apis.shop.routes[0].route-key", "GET /items/{id}",
                        "tollgate.apis.shop.routes[0].integration.type", "MOCK",
                        "tollgate.apis.shop.routes[0].integration.integration-responses[0].status-code", "200",
                        "tollgate.apis.shop.routes[0].integration.integration-responses[0].response-templates"
                                + "[application/json]", "{\"color\": \"$stageVariables.color\", \"version\": " + version
                                + "}")
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    @Test
    void aMissingFileIsSaidOnceAndDeployedWhenItAppears() throws IOException {
        Path file = directory.resolve("later.yaml");
        try (LogCapture log = LogCapture.of(ConfigurationFileWatch.class)) {
            watching(file).run(context -> {
                assertThat(context).hasNotFailed();
                ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
                assertThat(watch.check()).isEqualTo(ConfigurationDeployer.Outcome.NOTHING);
                assertThat(log.warnings()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                        .isEqualTo("Configuration file " + file.toAbsolutePath().normalize()
                                + " cannot be read (it does not exist); nothing changed"));
                assertThat(log.warnings().get(0).getLevel()).isEqualTo(Level.WARN);

                Files.writeString(file, shop(2, "color: blue"));
                assertThat(watch.check().deployed()).containsExactly("shop/prod", "shop/beta");
                assertThat(log.warnings()).hasSize(1);
            });
        }
    }

    @Test
    void aChangeTheStoreCannotTakeIsTriedAgainAtEachCheckAndSaidOnce() throws IOException {
        Path file = directory.resolve("apis.yml");
        FlakyStore store = new FlakyStore();
        watching(file).withBean(DeploymentStore.class, () -> store).run(context -> {
            ConfigurationFileWatch watch = context.getBean(ConfigurationFileWatch.class);
            try (LogCapture log = LogCapture.of(ConfigurationDeployer.class)) {
                store.down = true;
                Files.writeString(file, shop(2, "color: blue"));
                assertThat(watch.check().retry()).isTrue();
                assertThat(watch.check().retry()).isTrue();
                assertThat(log.warnings()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                        .contains("not deployed: the deployment store failed: connection refused"));
                store.down = false;
                assertThat(watch.check().deployed()).containsExactly("shop/prod", "shop/beta");
                assertThat(get(context.getBean(LiveGateway.class), "/shop/prod/items/1"))
                        .isEqualTo("200 {\"color\": \"blue\", \"version\": 2}");
            }
        });
    }

    /** A store in memory that can be made unreachable. */
    private static final class FlakyStore implements DeploymentStore {

        private final InMemoryDeploymentStore memory = new InMemoryDeploymentStore();
        volatile boolean down;

        private InMemoryDeploymentStore memory() {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
            return memory;
        }

        @Override
        public void save(Deployment deployment) {
            memory().save(deployment);
        }

        @Override
        public List<Deployment> deployments(String api) {
            return memory().deployments(api);
        }

        @Override
        public Deployment deployment(String api, String id) {
            return memory().deployment(api, id);
        }

        @Override
        public void remove(String api, String id) {
            memory().remove(api, id);
        }

        @Override
        public List<StageState> stages() {
            return memory().stages();
        }

        @Override
        public void save(StageState stage) {
            memory().save(stage);
        }

        @Override
        public void removeStage(String api, String stage) {
            memory().removeStage(api, stage);
        }
    }

    @Test
    void badWatchSettingsFailStartupNamingTheirProperties() {
        with(runner, "tollgate.deployments.watch.interval=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.deployments.watch.interval: must be positive, was PT0S"));
        with(runner, "tollgate.deployments.watch.file=apis.json").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.deployments.watch.file: must end in .yml, .yaml,"
                        + " .properties or .xml"));
        with(runner, "tollgate.deployments.watch.file= ").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("tollgate.deployments.watch.file: must name a YAML or properties"
                        + " file"));
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConfigurationFileWatch.class));
    }

    /** The status and body the live gateway answers a GET of {@code path} with. */
    static String get(LiveGateway live, String path) {
        Gateway gateway = live.current();
        Resolution resolution = gateway.resolve("GET", path);
        assertThat(resolution).as("a route for " + path).isNotNull();
        Reply reply = Objects.requireNonNull(gateway.process(resolution, StubRequest.get(path))
                .block(Duration.ofSeconds(10)));
        String body = Objects.requireNonNull(reply.body().map(buffer -> {
            try {
                return buffer.toString(StandardCharsets.UTF_8);
            } finally {
                buffer.release();
            }
        }).collect(Collectors.joining()).block(Duration.ofSeconds(10)));
        return reply.status() + " " + body;
    }
}
