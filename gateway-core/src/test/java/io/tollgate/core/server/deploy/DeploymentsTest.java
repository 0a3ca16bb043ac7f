package io.tollgate.core.server.deploy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.observability.ExecutionLogs;
import io.tollgate.core.observability.GatewayTracing;
import io.tollgate.core.observability.LogsFeature;
import io.tollgate.core.observability.MeterNames;
import io.tollgate.core.observability.MetricsFeature;
import io.tollgate.core.observability.MetricsOptions;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.StubRequest;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The life cycle of an API's deployments and stages, run through the compiled gateway the way requests meet it:
 * deploy, rollback, stage settings, canary split, promote, abort, and the changes that are refused (nothing changes).
 */
class DeploymentsTest {

    /** A toy reader: {@code {"version": "v2", "status": 200, "route-key": "GET /v"}} into the API "shop". */
    static final ApiDefinitions DEFINITIONS = (name, definition) -> shop(String.valueOf(definition.get("version")),
            ((Number) definition.getOrDefault("status", 200)).intValue(),
            String.valueOf(definition.getOrDefault("route-key", "GET /v")));

    private final List<StageChange> changes = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Deployments deployments = Deployments.builder(Gateway.builder())
            .definitions(DEFINITIONS)
            .ticker(nanos::get)
            .background(Runnable::run)
            .listener((change, flush) -> changes.add(change))
            .build();

    static Api shop(String version, int status, String routeKey) {
        return Api.builder("shop").type(ApiType.REST).basePath("/shop")
                .stage("prod", Map.of("color", "blue"))
                .stage("beta", Map.of("color", "green"))
                .route(routeKey, IntegrationSpec.mock(status).integrationResponse(IntegrationResponseSpec.status(status)
                        .responseTemplate("application/json", "{\"version\":\"" + version + "\",\"deployment\":"
                                + "\"$context.deploymentId\",\"canary\":\"$context.isCanaryRequest\",\"color\":"
                                + "\"$stageVariables.color\"}")))
                .build();
    }

    private LiveGateway start() {
        return deployments.start(List.of(shop("v1", 200, "GET /v")), Map.of("shop", definition("v1")));
    }

    static Map<String, Object> definition(String version) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("version", version);
        return definition;
    }

    @Test
    void theConfiguredApiIsTheFirstDeploymentOfEachOfItsStages() {
        LiveGateway live = start();
        List<Deployment> all = deployments.deployments("shop");
        assertThat(all).singleElement().satisfies(d -> {
            assertThat(d.description()).isEqualTo("configuration");
            assertThat(d.definition()).containsEntry("version", "v1");
            assertThat(d.id()).matches("[a-z0-9]{10}");
        });
        String first = all.get(0).id();
        assertThat(deployments.stages()).extracting(StageState::name).containsExactly("prod", "beta");
        assertThat(deployments.stages()).allSatisfy(s -> assertThat(s.deploymentId()).isEqualTo(first));
        assertThat(get(live, "/shop/prod/v")).isEqualTo(answer("v1", first, false, "blue"));
        assertThat(get(live, "/shop/beta/v")).isEqualTo(answer("v1", first, false, "green"));
        assertThat(changes).extracting(StageChange::kind).containsOnly(StageChange.Kind.STARTED);
        assertThat(deployments.start(List.of(), Map.of())).isSameAs(live);
    }

    @Test
    void aDeploymentServesNothingUntilAStagePointsAtItAndARollbackReturnsToThePreviousOne() {
        LiveGateway live = start();
        String first = deployments.stage("shop", "prod").deploymentId();
        Gateway before = live.current();
        Deployment second = deployments.create("shop", definition("v2"), "second");
        assertThat(live.current()).isSameAs(before);
        assertThat(get(live, "/shop/prod/v")).contains("\"v1\"");

        StageState prod = deployments.deploy("shop", "prod", second.id(), false);
        assertThat(prod.deploymentId()).isEqualTo(second.id());
        assertThat(prod.history()).containsExactly(first);
        assertThat(get(live, "/shop/prod/v")).isEqualTo(answer("v2", second.id(), false, "blue"));
        assertThat(get(live, "/shop/beta/v")).isEqualTo(answer("v1", first, false, "green"));

        StageState back = deployments.rollback("shop", "prod", false);
        assertThat(back.deploymentId()).isEqualTo(first);
        assertThat(back.history()).isEmpty();
        assertThat(get(live, "/shop/prod/v")).isEqualTo(answer("v1", first, false, "blue"));
        assertThatThrownBy(() -> deployments.rollback("shop", "prod", false))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.CONFLICT);
                    assertThat(e).hasMessage("stage 'prod' of api 'shop' has no earlier deployment to roll back to");
                });
        assertThat(changes).extracting(StageChange::kind).endsWith(StageChange.Kind.DEPLOYED, StageChange.Kind.ROLLED_BACK);
    }

    @Test
    void aStageKeepsItsOwnSettingsAcrossDeploymentsAndANewStageTakesTheDeploymentsDefinitionOfIt() {
        LiveGateway live = start();
        deployments.update("shop", "prod", Map.of("color", "red"), new Throttle(50, 10), false);
        Deployment second = deployments.create("shop", definition("v2"), "");
        deployments.deploy("shop", "prod", second.id(), false);
        assertThat(get(live, "/shop/prod/v")).contains("\"v2\"", "\"red\"");
        assertThat(deployments.stage("shop", "prod").stage().throttle()).isEqualTo(new Throttle(50, 10));

        Map<String, String> removal = new HashMap<>();
        removal.put("color", null);
        deployments.update("shop", "prod", removal, null, true);
        assertThat(get(live, "/shop/prod/v")).contains("\"color\":\"\"");
        assertThat(deployments.stage("shop", "prod").stage().throttle()).isNull();

        // a stage the API did not have: created with what the deployment's definition says of it, or the defaults
        StageState qa = deployments.deploy("shop", "qa", second.id(), false);
        assertThat(qa.stage().pathPrefix()).isEqualTo("/qa");
        assertThat(get(live, "/shop/qa/v")).contains("\"v2\"");
        deployments.deleteStage("shop", "qa");
        assertThat(live.current().resolve("GET", "/shop/qa/v")).isNull(); // outside every API stage now
    }

    @Test
    void invalidChangesAreRefusedWithTheirReasonAndTheServingDeploymentIsUnchanged() {
        LiveGateway live = start();
        Gateway serving = live.current();
        assertThatThrownBy(() -> deployments.create("shop", Map.of("version", "v3", "route-key", "FETCH /x"), ""))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.INVALID);
                    assertThat(e.problems()).extracting(Problem::path).containsExactly("routes[0].route-key");
                });
        assertThat(deployments.deployments("shop")).hasSize(1);
        assertThatThrownBy(() -> deployments.deploy("shop", "prod", "nosuchid", false))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.NOT_FOUND);
                    assertThat(e).hasMessage("api 'shop' has no deployment 'nosuchid'");
                });
        assertThatThrownBy(() -> deployments.stage("shop", "gamma"))
                .hasMessage("api 'shop' has no stage 'gamma'");
        assertThatThrownBy(() -> deployments.stage("orders", "prod")).hasMessage("no api named 'orders'");
        String id = deployments.stage("shop", "prod").deploymentId();
        assertThatThrownBy(() -> deployments.canary("shop", "prod", new CanarySettings(id, 120.0, Map.of(), true, null, null)))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.INVALID);
                    assertThat(e.problems()).containsExactly(new Problem("percentTraffic",
                            "must be between 0.0 and 100.0, was 120.0"));
                });
        assertThatThrownBy(() -> deployments.canary("shop", "gamma", new CanarySettings(id, 10, Map.of("x", "1"), true,
                null, null))).hasMessage("api 'shop' has no stage 'gamma'");
        assertThatThrownBy(() -> deployments.update("shop", "prod", Map.of("bad-name", "1"), null, false))
                .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("variables[bad-name]"));
        // a new stage whose prefix another stage holds: refused when compiled
        Deployment other = deployments.create(Api.builder("shop").type(ApiType.REST).basePath("/shop")
                .stage("qa", Map.of(), "/beta")
                .route("GET /v", IntegrationSpec.mock(200)).build(), "code");
        assertThatThrownBy(() -> deployments.deploy("shop", "qa", other.id(), false))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.INVALID);
                    assertThat(e.problems()).singleElement().extracting(Problem::message).asString()
                            .contains("is served at '/shop/beta', where api 'shop' stage '");
                });
        assertThat(live.current()).isSameAs(serving);
        assertThat(changes).extracting(StageChange::kind).containsOnly(StageChange.Kind.STARTED);
    }

    @Test
    void aStoreThatFailsRefusesTheChangeAsUnavailableAndNothingChanges() {
        InMemoryDeploymentStore memory = new InMemoryDeploymentStore();
        boolean[] down = {false};
        DeploymentStore flaky = new ForwardingStore(memory) {
            @Override
            public void save(Deployment deployment) {
                check();
                super.save(deployment);
            }

            @Override
            public void save(StageState stage) {
                check();
                super.save(stage);
            }

            private void check() {
                if (down[0]) {
                    throw new IllegalStateException("connection refused");
                }
            }
        };
        Deployments withStore = Deployments.builder(Gateway.builder()).definitions(DEFINITIONS).store(flaky).build();
        LiveGateway live = withStore.start(List.of(shop("v1", 200, "GET /v")), Map.of());
        Deployment second = withStore.create("shop", definition("v2"), "");
        Gateway serving = live.current();
        down[0] = true;
        assertThatThrownBy(() -> withStore.deploy("shop", "prod", second.id(), false))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeploymentException.Reason.UNAVAILABLE);
                    assertThat(e).hasMessage("the deployment store failed: connection refused; nothing changed");
                });
        assertThat(live.current()).isSameAs(serving);
        assertThat(get(live, "/shop/prod/v")).contains("\"v1\"");
        down[0] = false;
        withStore.deploy("shop", "prod", second.id(), false);
        assertThat(get(live, "/shop/prod/v")).contains("\"v2\"");
    }

    @Test
    void aCanaryServesItsShareWithItsOverridesAndIsPromotedIntoTheStage() {
        LiveGateway live = start();
        String first = deployments.stage("shop", "prod").deploymentId();
        Deployment second = deployments.create("shop", definition("v2"), "");
        deployments.canary("shop", "prod", new CanarySettings(second.id(), 10.0, Map.of("color", "yellow"), false,
                null, null));

        int canary = 0;
        int requests = 20_000;
        for (int i = 0; i < requests; i++) {
            if (resolve(live, "/shop/prod/v", Map.of()).mount().stage().isCanary()) {
                canary++;
            }
        }
        assertThat(canary / (double) requests).isCloseTo(0.10, within(0.01));
        assertThat(answers(live, "/shop/prod/v", 400)).containsOnly(answer("v1", first, false, "blue"),
                answer("v2", second.id(), true, "yellow"));
        assertThat(answers(live, "/shop/beta/v", 50)).containsOnly(answer("v1", first, false, "green"));
        assertThatThrownBy(() -> deployments.deploy("shop", "prod", second.id(), false))
                .hasMessageContaining("has a canary (deployment '" + second.id() + "'): promote or delete it");

        StageState promoted = deployments.promote("shop", "prod");
        assertThat(promoted.canary()).isNull();
        assertThat(promoted.deploymentId()).isEqualTo(second.id());
        assertThat(promoted.stage().variables()).containsEntry("color", "yellow");
        assertThat(promoted.history()).containsExactly(first);
        assertThat(answers(live, "/shop/prod/v", 50)).containsOnly(answer("v2", second.id(), false, "yellow"));
        assertThatThrownBy(() -> deployments.promote("shop", "prod"))
                .hasMessage("stage 'prod' of api 'shop' has no canary");
    }

    @Test
    void noShareAndAllOfItAreExactAndADeletedCanaryLeavesEveryRequestToTheBase() {
        LiveGateway live = start();
        Deployment second = deployments.create("shop", definition("v2"), "");
        deployments.canary("shop", "prod", new CanarySettings(second.id(), 0.0, Map.of(), true, null, null));
        assertThat(answers(live, "/shop/prod/v", 300)).allMatch(a -> a.contains("\"v1\""));
        deployments.canary("shop", "prod", new CanarySettings(second.id(), 100.0, Map.of(), true, null, null));
        assertThat(answers(live, "/shop/prod/v", 300)).allMatch(a -> a.contains("\"v2\""));
        deployments.deleteCanary("shop", "prod");
        assertThat(answers(live, "/shop/prod/v", 300)).allMatch(a -> a.contains("\"v1\""));
        assertThat(changes).extracting(StageChange::kind).endsWith(StageChange.Kind.CANARY_SET,
                StageChange.Kind.CANARY_SET, StageChange.Kind.CANARY_DELETED);
    }

    @Test
    void aStickyCanaryKeepsEachClientOnOneSideAndStillSplitsClientsByTheShare() {
        LiveGateway live = start();
        Deployment second = deployments.create("shop", definition("v2"), "");
        assertThat(live.current().readsHeaders()).isFalse(); // no sticky canary: the doors look up no header
        deployments.canary("shop", "prod", new CanarySplitSettings(second.id(), 30.0,
                new CanarySticky(CanarySticky.Kind.HEADER, "X-User")).settings());
        assertThat(live.current().readsHeaders()).isTrue();
        int onCanary = 0;
        int clients = 5_000;
        for (int client = 0; client < clients; client++) {
            Map<String, String> headers = Map.of("x-user", "user-" + client);
            boolean first = resolve(live, "/shop/prod/v", headers).mount().stage().isCanary();
            for (int again = 0; again < 5; again++) {
                assertThat(resolve(live, "/shop/prod/v", headers).mount().stage().isCanary()).isEqualTo(first);
            }
            onCanary += first ? 1 : 0;
        }
        assertThat(onCanary / (double) clients).isCloseTo(0.30, within(0.03));

        // by cookie: the same client stays; raising the share keeps those on the canary there
        deployments.canary("shop", "prod", new CanarySplitSettings(second.id(), 20.0,
                new CanarySticky(CanarySticky.Kind.COOKIE, "session")).settings());
        List<String> onCanaryAt20 = new ArrayList<>();
        for (int client = 0; client < 500; client++) {
            Map<String, String> headers = Map.of("cookie", "theme=dark; session=s" + client + "; lang=en");
            if (resolve(live, "/shop/prod/v", headers).mount().stage().isCanary()) {
                onCanaryAt20.add("s" + client);
            }
        }
        deployments.canary("shop", "prod", new CanarySplitSettings(second.id(), 50.0,
                new CanarySticky(CanarySticky.Kind.COOKIE, "session")).settings());
        assertThat(onCanaryAt20).isNotEmpty().allSatisfy(session -> assertThat(resolve(live, "/shop/prod/v",
                Map.of("cookie", "session=" + session)).mount().stage().isCanary()).isTrue());
    }

    /** A sticky canary's settings, for brevity. */
    record CanarySplitSettings(String id, double percent, CanarySticky sticky) {
        CanarySettings settings() {
            return new CanarySettings(id, percent, Map.of(), true, sticky, null);
        }
    }

    @Test
    void aCanaryWhoseServerErrorsExceedTheBasesIsAbortedWhenItsWindowCloses() {
        LiveGateway live = start();
        Deployment failing = deployments.create("shop", Map.of("version", "v2", "status", 500), "");
        CanaryAbort abort = new CanaryAbort(Duration.ofMinutes(1), 20, 0.05, null);
        deployments.canary("shop", "prod", new CanarySettings(failing.id(), 50.0, Map.of(), true, null, abort));
        for (int i = 0; i < 200; i++) {
            status(live, "/shop/prod/v");
        }
        // the window is still open: nothing is judged yet
        assertThat(deployments.stage("shop", "prod").canary()).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        status(live, "/shop/prod/v"); // the first answer after the window closes it
        assertThat(deployments.stage("shop", "prod").canary()).isNull();
        StageChange aborted = changes.get(changes.size() - 1);
        assertThat(aborted.kind()).isEqualTo(StageChange.Kind.CANARY_ABORTED);
        assertThat(aborted.reason()).matches("5XX rate 100\\.00% of \\d+ requests against the base's 0\\.00% of \\d+"
                + " \\(margin 5\\.00 points\\)");
        assertThat(answers(live, "/shop/prod/v", 100)).allMatch(a -> a.contains("\"v1\""));
    }

    @Test
    void aCanaryAsGoodAsItsBaseStaysAndTooFewRequestsAreNotJudged() {
        LiveGateway live = start();
        Deployment fine = deployments.create("shop", definition("v2"), "");
        deployments.canary("shop", "prod", new CanarySettings(fine.id(), 50.0, Map.of(), true, null,
                new CanaryAbort(Duration.ofSeconds(10), 1_000, 0.0, Duration.ofMillis(500))));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                status(live, "/shop/prod/v");
            }
            nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        }
        assertThat(deployments.stage("shop", "prod").canary()).isNotNull();
    }

    @Test
    void theJudgeComparesP99LatenciesWithTheMargin() {
        CanaryAbort policy = new CanaryAbort(Duration.ofSeconds(10), 100, 1.0, Duration.ofMillis(50));
        CanaryJudge.Window window = new CanaryJudge.Window(0);
        for (int i = 0; i < 1_000; i++) {
            window.base().record(200, Duration.ofMillis(i % 100 == 0 ? 40 : 10).toNanos());
            window.canary().record(200, Duration.ofMillis(i % 100 < 3 ? 200 : 10).toNanos());
        }
        assertThat(CanaryJudge.verdict(window, policy))
                .isEqualTo("p99 latency 202.1 ms of 1000 requests against the base's 10.6 ms of 1000 (margin 50 ms)");
        CanaryJudge.Window close = new CanaryJudge.Window(0);
        for (int i = 0; i < 1_000; i++) {
            close.base().record(200, Duration.ofMillis(i % 100 == 0 ? 40 : 10).toNanos());
            close.canary().record(200, Duration.ofMillis(i % 100 == 0 ? 80 : 10).toNanos());
        }
        assertThat(CanaryJudge.verdict(close, policy)).isNull();
    }

    @Test
    void historyIsBoundedButNeverDropsADeploymentAStageServes() {
        Deployments bounded = Deployments.builder(Gateway.builder()).definitions(DEFINITIONS).history(2).build();
        bounded.start(List.of(shop("v1", 200, "GET /v")), Map.of("shop", definition("v1")));
        String first = bounded.stage("shop", "prod").deploymentId();
        Deployment second = bounded.create("shop", definition("v2"), "");
        Deployment third = bounded.create("shop", definition("v3"), "");
        Deployment fourth = bounded.create("shop", definition("v4"), "");
        assertThat(bounded.deployments("shop")).extracting(Deployment::id)
                .containsExactly(first, fourth.id()); // the first is served; v2 and v3 dropped
        assertThatThrownBy(() -> bounded.deployment("shop", third.id())).hasMessageContaining("no deployment");
        assertThat(second.id()).isNotEqualTo(third.id());
    }

    @Test
    void twoDeploymentsAreComparedPropertyByProperty() {
        start();
        Map<String, Object> one = Map.of("base-path", "/shop", "routes", List.of(
                Map.of("route-key", "GET /pets", "integration", Map.of("type", "HTTP_PROXY", "uri", "http://a")),
                Map.of("route-key", "GET /old", "integration", Map.of("type", "MOCK"))));
        Map<String, Object> two = Map.of("base-path", "/shop", "routes", List.of(
                Map.of("route-key", "POST /pets", "integration", Map.of("type", "MOCK")),
                Map.of("route-key", "GET /pets", "integration", Map.of("type", "HTTP_PROXY", "uri", "http://b"))));
        DefinitionDiff diff = DefinitionDiff.of("a", new LinkedHashMap<>(one), "b", new LinkedHashMap<>(two));
        assertThat(diff.changes()).extracting(DefinitionDiff.Change::line).containsExactlyInAnyOrder(
                "+ routes[POST /pets].route-key: POST /pets",
                "+ routes[POST /pets].integration.type: MOCK",
                "~ routes[GET /pets].integration.uri: http://a -> http://b",
                "- routes[GET /old].route-key: GET /old",
                "- routes[GET /old].integration.type: MOCK");
        assertThat(DefinitionDiff.of("a", one, "a", one).text()).isEqualTo("no changes from a to a");

        Deployment second = deployments.create("shop", definition("v2"), "");
        String first = deployments.stage("shop", "prod").deploymentId();
        assertThat(deployments.diff("shop", first, second.id()).text()).isEqualTo("~ version: v1 -> v2\n");
        Deployment coded = deployments.create(shop("v3", 200, "GET /v"), "code");
        assertThatThrownBy(() -> deployments.diff("shop", first, coded.id()))
                .hasMessageContaining("was defined in code: it has no definition to compare");
    }

    @Test
    void theCanarysFiguresAreKeptApartFromTheBasesAsAwsKeepsThem() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Deployments observed = Deployments.builder(Gateway.builder().feature(new MetricsFeature(meters,
                MetricsOptions.DEFAULT))).definitions(DEFINITIONS).build();
        LiveGateway live = observed.start(List.of(shop("v1", 200, "GET /v")), Map.of("shop", definition("v1")));
        Deployment second = observed.create("shop", definition("v2"), "");
        observed.canary("shop", "prod", new CanarySettings(second.id(), 100.0, Map.of(), true, null, null));
        answers(live, "/shop/prod/v", 3);
        answers(live, "/shop/beta/v", 2);
        assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "prod/Canary").timer().count()).isEqualTo(3);
        assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "beta").timer().count()).isEqualTo(2);
        assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "prod").timers()).allMatch(t -> t.count() == 0);
    }

    @Test
    void aStagesMethodSettingsTurnARoutesMetricsAndExecutionLogOnAndOff() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Deployments observed = Deployments.builder(Gateway.builder()
                        .feature(new MetricsFeature(meters, MetricsOptions.DEFAULT))
                        .feature(new LogsFeature(Map.of(), () -> {
                            throw new AssertionError("no access log");
                        }, Map.of())))
                .definitions(DEFINITIONS).build();
        Api configured = Api.builder("shop").type(ApiType.REST).basePath("/shop").stage("prod", Map.of())
                .stage("beta", Map.of()).route("GET /v", IntegrationSpec.mock(200).body("v"))
                .methodSettings("prod", Map.of(MethodSetting.ALL_ROUTES, new MethodSetting(null, false)))
                .build();
        LiveGateway live = observed.start(List.of(configured), Map.of());
        ch.qos.logback.classic.Logger execution = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                ExecutionLogs.LOGGER);
        execution.setLevel(ch.qos.logback.classic.Level.INFO);
        try (LogCapture logs = LogCapture.all()) {
            status(live, "/shop/prod/v");
            status(live, "/shop/beta/v");
            assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "prod").timers()).isEmpty();
            assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "beta").timer().count()).isEqualTo(1);
            assertThat(logs.containing("matched GET /v")).isEmpty();

            // the route's own setting over that of all routes: its metrics back, its execution log at INFO
            StageState prod = observed.methodSettings("shop", "prod", Map.of("GET /v",
                    new MethodSetting(ExecutionLogLevel.INFO, true)));
            assertThat(prod.stage().methodSetting("GET /v")).isEqualTo(new MethodSetting(ExecutionLogLevel.INFO, true));
            status(live, "/shop/prod/v");
            assertThat(meters.find(MeterNames.REQUESTS).tag("stage", "prod").timer().count()).isEqualTo(1);
            assertThat(logs.containing("matched GET /v")).singleElement()
                    .satisfies(line -> assertThat(line.getLoggerName()).isEqualTo(ExecutionLogs.LOGGER + ".shop.prod"));
        } finally {
            execution.setLevel(null);
        }
        Map<String, MethodSetting> removal = new HashMap<>();
        removal.put("GET /v", null);
        assertThat(observed.methodSettings("shop", "prod", removal).stage().methodSettings())
                .containsOnlyKeys(MethodSetting.ALL_ROUTES);
        assertThatThrownBy(() -> observed.methodSettings("shop", "prod", Map.of("GET /nope", MethodSetting.NONE)))
                .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .containsExactly("methodSettings[GET /nope]"));
        assertThatThrownBy(() -> Api.builder("shop").route("GET /v", IntegrationSpec.mock(200))
                .methodSettings("$default", Map.of("POST /v", MethodSetting.NONE)).build())
                .hasMessageContaining("stages.$default.method-settings[POST /v]: 'POST /v' is neither a route key");
    }

    @Test
    void aRoutesThrottleIsAStageSettingChangedAtRuntime() {
        UsageFeature usage = new UsageFeature(UsageControl.builder().plans(List.of()).account(null)
                .keys(new InMemoryApiKeyRepository(List.of())).build());
        Deployments throttled = Deployments.builder(Gateway.builder().feature(usage)).definitions(DEFINITIONS).build();
        LiveGateway live = throttled.start(List.of(shop("v1", 200, "GET /v")), Map.of("shop", definition("v1")));
        assertThat(status(live, "/shop/prod/v")).isEqualTo(200);
        assertThat(status(live, "/shop/prod/v")).isEqualTo(200);
        StageState prod = throttled.update("shop", "prod", Map.of(), null, false,
                Map.of("GET /v", new Throttle(0.001, 1)));
        assertThat(prod.stage().routeThrottles()).containsOnlyKeys("GET /v");
        assertThat(status(live, "/shop/prod/v")).isEqualTo(200);
        assertThat(status(live, "/shop/prod/v")).isEqualTo(429);
        assertThat(status(live, "/shop/beta/v")).isEqualTo(200); // another stage: its own settings
        Map<String, Throttle> removal = new HashMap<>();
        removal.put("GET /v", null);
        throttled.update("shop", "prod", Map.of(), null, false, removal);
        assertThat(status(live, "/shop/prod/v")).isEqualTo(200);
        assertThatThrownBy(() -> throttled.update("shop", "prod", Map.of(), null, false,
                Map.of("GET /other", new Throttle(1, 1))))
                .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem("routeThrottles[GET /other]", "'GET /other' is not a route key of"
                                + " deployment '" + throttled.stage("shop", "prod").deploymentId() + "'")));
    }

    @Test
    void aRoutesTracesAreTurnedOffByItsMethodSetting() {
        GatewayTracing tracing = new GatewayTracing(TestObservationRegistry.create());
        Api api = shop("v1", 200, "GET /v");
        Stage traced = api.stages().get(0);
        Stage untraced = traced.withMethodSettings(Map.of("GET /v", new MethodSetting(null, null, false)));
        Route route = api.routes().get(0);
        assertThat(tracing.create(new RouteContext(api, traced, Optional.of(route), true))).isPresent();
        assertThat(tracing.create(new RouteContext(api, untraced, Optional.of(route), true))).isEmpty();
        Stage allOff = traced.withMethodSettings(Map.of(MethodSetting.ALL_ROUTES, new MethodSetting(null, null, false),
                "GET /v", new MethodSetting(ExecutionLogLevel.INFO, null, null)));
        assertThat(allOff.methodSetting("GET /v")).isEqualTo(new MethodSetting(ExecutionLogLevel.INFO, null, false));
        assertThat(tracing.create(new RouteContext(api, allOff, Optional.of(route), true))).isEmpty();
    }

    @Test
    void stateThatOutlivesRequestsSurvivesADeployment() {
        String key = "0123456789abcdef0123456789abcdef";
        UsagePlan plan = new UsagePlan("basic", null, new Quota(2, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("shop", "prod", Map.of())), Instant.EPOCH);
        UsageFeature usage = new UsageFeature(UsageControl.builder().plans(List.of(plan)).account(null)
                .keys(new InMemoryApiKeyRepository(List.of(new ApiKey("k1", "one", key, true, Set.of("basic"),
                        Instant.EPOCH)))).build());
        ApiDefinitions keyed = (name, definition) -> Api.builder("shop").type(ApiType.REST).basePath("/shop")
                .stage("prod", Map.of())
                .route(new RouteSpec("GET /v", IntegrationSpec.mock(200).body(String.valueOf(definition.get("version"))))
                        .apiKeyRequired(true))
                .build();
        Deployments withUsage = Deployments.builder(Gateway.builder().feature(usage)).definitions(keyed).build();
        LiveGateway live = withUsage.start(List.of(keyed.read("shop", definition("v1"))), Map.of("shop", definition("v1")));
        StubRequest request = StubRequest.get("/shop/prod/v", "x-api-key", key);
        assertThat(keyedStatus(live, request)).isEqualTo(200);
        assertThat(keyedStatus(live, request)).isEqualTo(200);
        withUsage.deploy("shop", "prod", withUsage.create("shop", definition("v2"), "").id(), false);
        // the day's quota of 2 was used on the deployment before: the new one knows it
        assertThat(keyedStatus(live, request)).isEqualTo(429);
    }

    private static int keyedStatus(LiveGateway live, StubRequest request) {
        Gateway gateway = live.current();
        Reply reply = Objects.requireNonNull(gateway.process(Objects.requireNonNull(gateway.resolve("GET",
                "/shop/prod/v")), request).block(Duration.ofSeconds(10)));
        reply.discard();
        return reply.status();
    }

    @Test
    void concurrentDeploymentsToOneStageAreSerialisedAndEachCallerLearnsWhatIsLive() throws Exception {
        LiveGateway live = start();
        Deployment two = deployments.create("shop", definition("v2"), "");
        Deployment three = deployments.create("shop", definition("v3"), "");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<String>>> callers = new ArrayList<>();
            for (Deployment target : List.of(two, three)) {
                callers.add(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        seen.add(deployments.deploy("shop", "prod", target.id(), false).deploymentId());
                    }
                    return seen;
                });
            }
            List<Future<List<String>>> results = pool.invokeAll(callers, 60, TimeUnit.SECONDS);
            assertThat(results.get(0).get()).containsOnly(two.id());
            assertThat(results.get(1).get()).containsOnly(three.id());
        } finally {
            pool.shutdownNow();
        }
        String live1 = deployments.stage("shop", "prod").deploymentId();
        assertThat(get(live, "/shop/prod/v")).contains("\"deployment\":\"" + live1 + "\"");
    }

    static String answer(String version, String deployment, boolean canary, String color) {
        return "{\"version\":\"" + version + "\",\"deployment\":\"" + deployment + "\",\"canary\":\"" + canary
                + "\",\"color\":\"" + color + "\"}";
    }

    private static List<String> answers(LiveGateway live, String path, int count) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(get(live, path));
        }
        return answers;
    }

    private static Resolution resolve(LiveGateway live, String path, Map<String, String> headers) {
        return Objects.requireNonNull(live.current().resolve("GET", path, false, headers::get));
    }

    private static Reply send(LiveGateway live, String path) {
        Resolution resolution = resolve(live, path, Map.of());
        return Objects.requireNonNull(live.current().process(resolution, StubRequest.get(path))
                .block(Duration.ofSeconds(10)));
    }

    private static int status(LiveGateway live, String path) {
        Reply reply = send(live, path);
        reply.discard();
        return reply.status();
    }

    private static String get(LiveGateway live, String path) {
        Reply reply = send(live, path);
        assertThat(reply.status()).as(path).isEqualTo(200);
        return new String(Objects.requireNonNull(reply.bytes()), StandardCharsets.UTF_8);
    }
}
