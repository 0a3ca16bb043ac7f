package io.tollgate.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.netty.buffer.ByteBuf;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Mount;
import io.tollgate.core.server.deploy.Deployment;
import io.tollgate.core.server.deploy.DeploymentException;
import io.tollgate.core.server.deploy.DeploymentStore;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.deploy.RedisDeploymentStore;
import io.tollgate.core.server.deploy.StageState;
import io.tollgate.testsupport.RedisAvailable;
import io.tollgate.testsupport.RedisClusterAvailable;
import io.tollgate.testsupport.RedisSentinelAvailable;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static io.tollgate.autoconfigure.MapProperties.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deployments as the starter sets them up: on by default with the configuration as each stage's first deployment (its
 * definition as written, which reads back into the same API), configured canaries, the switch off, the refused
 * configurations named by property, and the endpoint's writes off unless enabled.
 */
class TollgateDeploymentsAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TollgateConfigurationCheckAutoConfiguration.class,
                    TollgateAutoConfiguration.class, TollgateDeploymentsAutoConfiguration.class));

    private static final String[] SHOP = {
            "tollgate.apis.shop.type=REST",
            "tollgate.apis.shop.base-path=/shop",
            "tollgate.apis.shop.stages.prod.variables.color=blue",
            "tollgate.apis.shop.stages.prod.canary.percent-traffic=25",
            "tollgate.apis.shop.stages.prod.canary.stage-variable-overrides.color=yellow",
            "tollgate.apis.shop.stages.prod.canary.sticky-cookie=session",
            "tollgate.apis.shop.stages.prod.canary.abort.min-requests=20",
            "tollgate.apis.shop.stages.prod.canary.abort.latency-margin=250ms",
            "tollgate.apis.shop.stages.beta.variables.color=green",
            "tollgate.apis.shop.stages.beta.method-settings.[*/*].metrics-enabled=false",
            "tollgate.apis.shop.stages.beta.method-settings.[GET /items/{id}].logging-level=INFO",
            "tollgate.apis.shop.routes[0].route-key=GET /items/{id}",
            "tollgate.apis.shop.routes[0].integration.type=MOCK",
            "tollgate.apis.shop.routes[0].integration.integration-responses[0].status-code=200",
            "tollgate.apis.shop.routes[0].integration.integration-responses[0].response-templates.[application/json]="
                    + "{\"color\": \"$stageVariables.color\"}",
    };

    @Test
    void theConfigurationIsEachStagesFirstDeploymentWithItsCanary() {
        with(runner, SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            Deployments deployments = context.getBean(Deployments.class);
            assertThat(context.getBean(LiveGateway.class)).isSameAs(deployments.live());
            Deployment first = deployments.deployments("shop").get(0);
            assertThat(first.description()).isEqualTo("configuration");
            assertThat(first.definition()).containsEntry("type", "REST").containsEntry("base-path", "/shop");
            // read back as written, maps and lists alike, with a bracketed key as it is named
            assertThat(first.definition().get("routes")).isEqualTo(List.of(Map.of("route-key", "GET /items/{id}",
                    "integration", Map.of("type", "MOCK", "integration-responses", List.of(Map.of(
                            "status-code", "200", "response-templates", Map.of("application/json",
                                    "{\"color\": \"$stageVariables.color\"}")))))));

            StageState prod = deployments.stage("shop", "prod");
            assertThat(prod.deploymentId()).isEqualTo(first.id());
            assertThat(prod.canary()).isNotNull();
            assertThat(prod.canary().deploymentId()).isEqualTo(first.id());
            assertThat(prod.canary().percentTraffic()).isEqualTo(25.0);
            assertThat(prod.canary().stageVariableOverrides()).containsExactly(Map.entry("color", "yellow"));
            assertThat(prod.canary().sticky().name()).isEqualTo("session");
            assertThat(prod.canary().abort().minRequests()).isEqualTo(20);
            assertThat(prod.canary().abort().window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(prod.canary().abort().latencyMargin()).isEqualTo(Duration.ofMillis(250));
            Mount mount = deployments.live().current().mounts().stream()
                    .filter(m -> m.stage().name().equals("prod")).findFirst().orElseThrow();
            assertThat(Objects.requireNonNull(mount.canary()).stage().variables()).containsEntry("color", "yellow");
            assertThat(deployments.stage("shop", "beta").canary()).isNull();
            assertThat(deployments.stage("shop", "beta").stage().methodSetting("GET /items/{id}"))
                    .isEqualTo(new MethodSetting(ExecutionLogLevel.INFO, false));

            // the configuration's definition reads back into a deployment of the same API
            Deployment again = deployments.create("shop", first.definition(), "the same");
            assertThat(deployments.diff("shop", first.id(), again.id()).changes()).isEmpty();
            Api read = new ApiDefinitionReader(List.of(), null).read("shop", first.definition());
            assertThat(read.routes()).hasSize(1);
            assertThat(read.stages()).extracting(s -> s.name()).containsExactly("prod", "beta");
        });
    }

    @Test
    void aPostedDefinitionIsCheckedAsTheConfigurationIs() {
        ApiDefinitionReader reader = new ApiDefinitionReader(List.of(), null);
        Map<String, Object> definition = Map.of("bas-path", "/x", "routes", List.of(Map.of("route-key", "GET /a",
                "integration", Map.of("type", "MOCK", "integration-responses", List.of(Map.of("status-code", 200,
                        "response-templates", Map.of("application/json", "#if($x) never closed")))))));
        assertThatThrownBy(() -> reader.read("orders", definition))
                .isInstanceOfSatisfying(io.tollgate.core.api.InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path())
                        .containsExactlyInAnyOrder("tollgate.apis.orders.bas-path", "tollgate.apis.orders.routes[0]"
                                + ".integration.integration-responses[0].response-templates[application/json]"));
        // environment variables and system properties of the process play no part
        System.setProperty("tollgate.apis.orders.base-path", "/from-the-system");
        try {
            assertThat(reader.read("orders", Map.of("routes", List.of(Map.of("route-key", "GET /a",
                    "integration", Map.of("type", "MOCK"))))).basePath()).isEqualTo("/");
        } finally {
            System.clearProperty("tollgate.apis.orders.base-path");
        }
    }

    @Test
    void aBadCanaryFailsStartupNamingItsProperties() {
        with(runner, "tollgate.apis.shop.routes[0].route-key=GET /a", "tollgate.apis.shop.routes[0].integration.type=MOCK",
                "tollgate.apis.shop.stages.prod.canary.percent-traffic=150",
                "tollgate.apis.shop.stages.prod.canary.sticky-header=x-user",
                "tollgate.apis.shop.stages.prod.canary.sticky-cookie=session",
                "tollgate.apis.shop.stages.prod.canary.stage-variable-overrides.[bad-name]=1",
                "tollgate.apis.shop.stages.prod.canary.abort.error-rate-margin=2",
                "tollgate.apis.shop.stages.prod.method-settings.[GET /nope].metrics-enabled=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).message()
                    .contains("tollgate.apis.shop.stages.prod.canary.percent-traffic: must be between 0.0 and 100.0, was 150.0")
                    .contains("tollgate.apis.shop.stages.prod.canary.sticky-cookie: set sticky-header or sticky-cookie, not both")
                    .contains("tollgate.apis.shop.stages.prod.canary.stage-variable-overrides[bad-name]")
                    .contains("tollgate.apis.shop.stages.prod.canary.abort.error-rate-margin: must be between 0.0 and 1.0")
                    .contains("tollgate.apis.shop.stages.prod.method-settings[GET /nope]: 'GET /nope' is neither a route"
                            + " key of the API nor */* (all routes)");
        });
    }

    @Test
    void switchedOffTheConfigurationIsCompiledOnceAndServed() {
        with(runner, "tollgate.deployments.enabled=false", "tollgate.apis.shop.routes[0].route-key=GET /a",
                "tollgate.apis.shop.routes[0].integration.type=MOCK").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Deployments.class);
            assertThat(context.getBean(LiveGateway.class).current().mounts()).hasSize(1);
            assertThat(context.getBean(LiveGateway.class).current().mounts().get(0).stage().deploymentId()).isEmpty();
        });
    }

    @Test
    void theEndpointChangesNothingUnlessWritesAreEnabled() {
        with(runner, SHOP).run(context -> {
            Deployments deployments = context.getBean(Deployments.class);
            String id = deployments.stage("shop", "beta").deploymentId();
            TollgateEndpoint readOnly = new TollgateEndpoint(deployments.live(), null, null, deployments, false);
            WebEndpointResponse<Object> refused = Objects.requireNonNull(readOnly.change("stages", "shop", "beta",
                    null, "true", "{color: red}", null, null, null, null, null, null, null, null, null, null, null, null)
                    .block(Duration.ofSeconds(10)));
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getBody()).asString().contains("tollgate.deployments.writes-enabled=true");
            assertThat(readOnly.update("deployments", "shop", null, null, "{}", null, null, null, null, null, null)
                    .block(Duration.ofSeconds(10)).getStatus()).isEqualTo(403);
            assertThat(readOnly.act("canary", "shop", "prod", "promote").block(Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(403);
            assertThat(readOnly.flush("canary", "shop", "prod").block(Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(403);
            // reads are served
            assertThat(readOnly.detail("stages", "shop", "beta").block(Duration.ofSeconds(10)).getStatus()).isEqualTo(200);
            assertThat(deployments.stage("shop", "beta").deploymentId()).isEqualTo(id);
            assertThat(deployments.stage("shop", "beta").stage().variables()).containsEntry("color", "green");
            assertThat(deployments.stage("shop", "prod").canary()).isNotNull();
        });
    }

    @Test
    void aDeploymentFlushesTheStagesCacheWhenItAsksAndKeepsItOtherwise() {
        ReactiveWebApplicationContextRunner cached = runner.withConfiguration(
                AutoConfigurations.of(TollgateCacheAutoConfiguration.class));
        with(cached, "tollgate.apis.shop.stages.prod.cache.enabled=true",
                "tollgate.apis.shop.routes[0].route-key=GET /items",
                "tollgate.apis.shop.routes[0].integration.type=MOCK",
                "tollgate.apis.shop.routes[0].integration.body=item").run(context -> {
            assertThat(context).hasNotFailed();
            Deployments deployments = context.getBean(Deployments.class);
            StageCaches caches = context.getBean(StageCaches.class);
            String first = deployments.stage("shop", "prod").deploymentId();
            get(deployments, "/prod/items");
            assertThat(caches.stats().get("shop/prod").entries()).isEqualTo(1);
            String second = deployments.create("shop", deployments.deployment("shop", first).definition(), "").id();
            deployments.deploy("shop", "prod", second, false);
            assertThat(caches.stats().get("shop/prod").entries()).isEqualTo(1);
            deployments.deploy("shop", "prod", first, true);
            assertThat(caches.stats().get("shop/prod").entries()).isZero();
        });
    }

    private static void get(Deployments deployments, String path) {
        Gateway gateway = deployments.live().current();
        Reply reply = Objects.requireNonNull(gateway.process(Objects.requireNonNull(gateway.resolve("GET", path)),
                StubRequest.get(path)).block(Duration.ofSeconds(10)));
        assertThat(reply.status()).isEqualTo(200);
        reply.body().doOnNext(ByteBuf::release).blockLast(Duration.ofSeconds(10)); // read whole, as a client would
    }

    @Test
    void theUsageStoreAndTheDeploymentStoreShareOneRedisClient() {
        RedisAvailable.require();
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        String[] properties = java.util.stream.Stream.concat(java.util.Arrays.stream(SHOP), java.util.stream.Stream.of(
                "tollgate.usage.store=redis", "tollgate.usage.redis-prefix=" + prefix,
                "tollgate.deployments.store=redis", "tollgate.deployments.redis.prefix=" + prefix + "d:"))
                .toArray(String[]::new);
        with(runner.withConfiguration(AutoConfigurations.of(TollgateUsageAutoConfiguration.class)), properties)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(io.lettuce.core.RedisClient.class)
                            .hasSingleBean(io.tollgate.core.server.deploy.RedisDeploymentStore.class);
                    assertThat(context.getBean(Deployments.class).stage("shop", "prod").canary()).isNotNull();
                });
    }

    /** {@link #SHOP} and {@code more}, in a Redis store under a prefix of its own. */
    private static String[] inRedis(String prefix, String... more) {
        return java.util.stream.Stream.of(java.util.Arrays.stream(SHOP), java.util.stream.Stream.of(
                "tollgate.deployments.store=redis", "tollgate.deployments.redis.prefix=" + prefix),
                java.util.Arrays.stream(more)).flatMap(s -> s).toArray(String[]::new);
    }

    @Test
    void withoutAUrlTheApplicationsRedisClusterClientIsUsed() {
        RedisClusterAvailable.require();
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        RedisClusterClient cleanup = RedisClusterClient.create(RedisClusterAvailable.seeds());
        try {
            with(runner.withBean(RedisClusterClient.class, () -> RedisClusterClient.create(RedisClusterAvailable.seeds())),
                    inRedis(prefix)).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(RedisClient.class)
                        .hasSingleBean(RedisDeploymentStore.class);
                assertThat(context.getBean(DeploymentStore.class))
                        .hasToString("the Redis Cluster (" + prefix + "{deployments}:*)");
                assertThat(context.getBean(Deployments.class).stage("shop", "prod").canary()).isNotNull();
                try (StatefulRedisClusterConnection<String, String> redis = cleanup.connect()) {
                    assertThat(redis.sync().hkeys(prefix + "{deployments}:stages"))
                            .containsExactlyInAnyOrder("shop/prod", "shop/beta");
                }
            });
        } finally {
            try (StatefulRedisClusterConnection<String, String> redis = cleanup.connect()) {
                redis.sync().keys(prefix + "*").forEach(k -> redis.sync().del(k));
            }
            cleanup.shutdown();
        }
    }

    @Test
    void aUrlIsUsedRatherThanTheApplicationsRedisClusterClient() {
        RedisAvailable.require();
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        // a cluster client that is never used: it connects to nothing until asked
        with(runner.withBean(RedisClusterClient.class, () -> RedisClusterClient.create("redis://127.0.0.1:1")),
                inRedis(prefix, "tollgate.deployments.redis.url=redis://" + RedisAvailable.HOST + ":" + RedisAvailable.PORT))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisClient.class);
                    assertThat(context.getBean(DeploymentStore.class)).hasToString("Redis at " + RedisAvailable.HOST
                            + ":" + RedisAvailable.PORT + " (" + prefix + "{deployments}:*)");
                    assertThat(context.getBean(Deployments.class).sync().inSync()).isTrue();
                    try (StatefulRedisConnection<String, String> redis = context.getBean(RedisClient.class)
                            .connect(RedisURI.create("redis://" + RedisAvailable.HOST + ":" + RedisAvailable.PORT))) {
                        assertThat(redis.sync().hkeys(prefix + "{deployments}:stages")).hasSize(2);
                        redis.sync().keys(prefix + "*").forEach(k -> redis.sync().del(k));
                    }
                });
    }

    @Test
    void aSentinelUrlReachesThePrimaryTheSentinelsName() {
        RedisSentinelAvailable.require();
        String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        String sentinels = RedisSentinelAvailable.SENTINEL_PORTS.stream()
                .map(port -> RedisSentinelAvailable.HOST + ":" + port).collect(java.util.stream.Collectors.joining(","));
        with(runner, inRedis(prefix, "tollgate.deployments.redis.url=redis-sentinel://" + sentinels + "#"
                + RedisSentinelAvailable.MASTER)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DeploymentStore.class)).hasToString("the Redis primary '"
                    + RedisSentinelAvailable.MASTER + "' (Sentinel) (" + prefix + "{deployments}:*)");
            assertThat(context.getBean(Deployments.class).sync().inSync()).isTrue();
            try (StatefulRedisConnection<String, String> redis = context.getBean(RedisClient.class)
                    .connect(RedisSentinelAvailable.uri())) {
                assertThat(redis.sync().hkeys(prefix + "{deployments}:stages")).hasSize(2);
                redis.sync().keys(prefix + "*").forEach(k -> redis.sync().del(k));
            }
        });
    }

    @Test
    void aPrefixWithBracesOrABadUrlFailsStartupNamingTheProperty() {
        with(runner, inRedis("tollgate:{deployments}:", "tollgate.deployments.redis.url=redis-sentinel://127.0.0.1:26379"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).message()
                            .contains("tollgate.deployments.redis.prefix: must not contain '{' or '}'")
                            .contains("tollgate.deployments.redis.url: 'redis-sentinel://127.0.0.1:26379' is not a Redis"
                                    + " URL (redis://host:port, or redis-sentinel://host:port,host:port#primary)");
                });
    }

    @Test
    void aDeploymentFailingToCompileIsRefusedWithPropertyPaths() {
        with(runner, SHOP).run(context -> {
            Deployments deployments = context.getBean(Deployments.class);
            Map<String, Object> unknownFunction = Map.of("routes", List.of(Map.of("route-key", "GET /a",
                    "integration", Map.of("type", "FUNCTION", "function-name", "nope"))));
            assertThatThrownBy(() -> deployments.create("shop", unknownFunction, ""))
                    .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems())
                            .extracting(p -> p.path()).allMatch(p -> p.startsWith("tollgate.apis.shop.routes[0]")));
            assertThat(deployments.deployments("shop")).hasSize(1);
        });
    }
}
