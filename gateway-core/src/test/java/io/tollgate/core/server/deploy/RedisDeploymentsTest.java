package io.tollgate.core.server.deploy;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.CanarySticky;
import io.tollgate.core.api.ExecutionLogLevel;
import io.tollgate.core.api.MethodSetting;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.Resolution;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.StubRequest;
import io.tollgate.testsupport.TcpForwarder;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.tollgate.core.server.deploy.DeploymentsTest.DEFINITIONS;
import static io.tollgate.core.server.deploy.DeploymentsTest.definition;
import static io.tollgate.core.server.deploy.DeploymentsTest.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several instances sharing their deployments through the real Redis: a later instance comes up on the current
 * deployments, a change on one is applied by the others at once (announced), or by the periodic reconcile when the
 * announcement was missed; while Redis is unreachable changes are refused, every instance keeps serving and says it is
 * out of sync, and nothing is lost when Redis returns.
 */
class RedisDeploymentsTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private final List<AutoCloseable> closing = new ArrayList<>();
    /** Where announced changes are applied: never Lettuce's own threads, which a blocking command would hold. */
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        background.shutdownNow();
    }

    private RedisDeploymentStore store(int port, String prefix) {
        RedisDeploymentStore store = new RedisDeploymentStore(redis.client(), TestRedis.uri(port), prefix,
                Duration.ofSeconds(2));
        closing.add(store);
        return store;
    }

    private Deployments instance(DeploymentStore store, List<StageChange> changes) {
        Deployments deployments = Deployments.builder(Gateway.builder()).definitions(DEFINITIONS).store(store)
                .background(background).listener((change, flush) -> changes.add(change)).build();
        closing.add(deployments::close);
        return deployments;
    }

    private static LiveGateway start(Deployments deployments) {
        return deployments.start(List.of(shop("v1", 200, "GET /v")), Map.of("shop", definition("v1")));
    }

    @Test
    void aLaterInstanceComesUpOnTheCurrentDeploymentsAndChangesReachEveryInstanceAtOnce() {
        String prefix = redis.newPrefix();
        List<StageChange> seenByB = new CopyOnWriteArrayList<>();
        Deployments a = instance(store(6379, prefix), new ArrayList<>());
        LiveGateway liveA = start(a);
        Deployment second = a.create("shop", definition("v2"), "second");
        a.deploy("shop", "prod", second.id(), false);

        Deployments b = instance(store(6379, prefix), seenByB);
        LiveGateway liveB = start(b);
        assertThat(version(liveB, "/shop/prod/v")).isEqualTo("v2");
        assertThat(b.stage("shop", "prod").deploymentId()).isEqualTo(second.id());
        assertThat(b.deployments("shop")).extracting(Deployment::id).containsExactlyElementsOf(
                a.deployments("shop").stream().map(Deployment::id).toList());

        // a rollback on B: announced, A applies it without being asked
        b.rollback("shop", "prod", false);
        Await.until("A to serve the rollback", () -> version(liveA, "/shop/prod/v").equals("v1"));
        // a canary on A, of every request: B serves it
        a.canary("shop", "prod", new CanarySettings(second.id(), 100.0, Map.of("color", "red"), true, null, null));
        Await.until("B to serve the canary", () -> version(liveB, "/shop/prod/v").equals("v2"));
        // B's listeners are told just after the swap: the change may be served a moment before it is heard of
        Await.until("B to tell its listeners", () -> seenByB.stream().anyMatch(c -> c.kind() == StageChange.Kind.SYNCED));
        assertThat(b.sync().inSync()).isTrue();
    }

    @Test
    void aFlushOfTheStageCacheAskedOnOneInstanceIsDoneByEveryInstance() {
        String prefix = redis.newPrefix();
        Deployments a = instance(store(6379, prefix), new ArrayList<>());
        start(a);
        List<String> flushedOnB = new CopyOnWriteArrayList<>();
        Deployments b = Deployments.builder(Gateway.builder()).definitions(DEFINITIONS).store(store(6379, prefix))
                .background(background).listener((change, flush) -> {
                    if (flush) {
                        flushedOnB.add(change.kind() + " " + change.stage());
                    }
                }).build();
        closing.add(b::close);
        start(b);
        Deployment second = a.create("shop", definition("v2"), "");
        a.deploy("shop", "beta", second.id(), false);
        a.deploy("shop", "prod", second.id(), true);
        Await.until("B to flush prod's cache", () -> flushedOnB.contains("SYNCED prod"));
        assertThat(flushedOnB).containsExactly("SYNCED prod"); // beta's deployment asked for none
        assertThat(b.stage("shop", "prod").cacheFlushes()).isEqualTo(1);
    }

    @Test
    void aMissedAnnouncementIsCaughtByTheReconcile() {
        String prefix = redis.newPrefix();
        Deployments a = instance(store(6379, prefix), new ArrayList<>());
        start(a);
        // B's store never announces: only the reconcile brings it the change
        RedisDeploymentStore shared = store(6379, prefix);
        DeploymentStore deaf = new ForwardingStore(shared);
        Deployments b = instance(deaf, new ArrayList<>());
        LiveGateway liveB = start(b);
        Deployment second = a.create("shop", definition("v2"), "");
        a.deploy("shop", "beta", second.id(), false);
        assertThat(version(liveB, "/shop/beta/v")).isEqualTo("v1");
        assertThat(b.reconcile()).isTrue();
        assertThat(version(liveB, "/shop/beta/v")).isEqualTo("v2");
        assertThat(b.reconcile()).isFalse(); // nothing new
    }

    @Test
    void whileRedisIsUnreachableChangesAreRefusedServingGoesOnAndNothingIsLost() {
        String prefix = redis.newPrefix();
        try (TcpForwarder forwarder = new TcpForwarder(6379)) {
            Deployments a = instance(store(forwarder.port(), prefix), new ArrayList<>());
            LiveGateway liveA = start(a);
            Deployment second = a.create("shop", definition("v2"), "");
            Gateway serving = liveA.current();

            forwarder.cut();
            assertThatThrownBy(() -> a.deploy("shop", "prod", second.id(), false))
                    .isInstanceOfSatisfying(DeploymentException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DeploymentException.Reason.UNAVAILABLE);
                        assertThat(e).hasMessageStartingWith("the deployment store failed: ");
                    });
            assertThat(liveA.current()).isSameAs(serving);
            assertThat(version(liveA, "/shop/prod/v")).isEqualTo("v1");
            assertThat(a.reconcile()).isFalse();
            assertThat(a.sync().inSync()).isFalse();
            assertThat(a.sync().problem()).startsWith("the deployment store failed: ");

            forwarder.restore();
            Await.until("the store to be reachable again", () -> {
                a.reconcile();
                return a.sync().inSync();
            });
            assertThat(a.deployments("shop")).extracting(Deployment::id).contains(second.id());
            a.deploy("shop", "prod", second.id(), false);
            assertThat(version(liveA, "/shop/prod/v")).isEqualTo("v2");
        }
    }

    @Test
    void aStageIsStoredWithEverythingItIs() {
        Stage stage = new Stage("prod", Map.of("color", "blue", "backend", "http://b"), "/v1", new Throttle(12.5, 30),
                Map.of("GET /pets", new Throttle(1, 2)), new StageCache(1024, Duration.ofSeconds(60), false,
                UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403, Set.of("ops"), Set.of("scope:a")), "d1", null,
                Map.of(MethodSetting.ALL_ROUTES, new MethodSetting(ExecutionLogLevel.ERROR, false, null),
                        "GET /pets", new MethodSetting(null, true, false)));
        StageState state = new StageState("shop", stage, List.of("d0", "d00"), new CanarySettings("d2", 12.5,
                Map.of("color", "red"), false, new CanarySticky(CanarySticky.Kind.COOKIE, "Session"),
                new CanaryAbort(Duration.ofSeconds(30), 50, 0.1, Duration.ofMillis(250))),
                Instant.parse("2026-12-07T01:02:03.456789Z"), 3);
        assertThat(StoredForm.stage(StoredForm.stage(state))).isEqualTo(state);
        StageState bare = new StageState("shop", new Stage("$default", Map.of(), ""), List.of(), null, Instant.EPOCH);
        assertThat(StoredForm.stage(StoredForm.stage(bare))).isEqualTo(bare);
        Deployment deployment = new Deployment("d1", "shop", "a \"quoted\" one", Instant.EPOCH,
                Map.of("routes", List.of(Map.of("route-key", "GET /x", "integration", Map.of("type", "MOCK")))));
        assertThat(StoredForm.deployment(StoredForm.deployment(deployment))).isEqualTo(deployment);
    }

    @Test
    void anApiDefinedInCodeIsServedFromEachInstancesCode() {
        String prefix = redis.newPrefix();
        Api coded = shop("code", 200, "GET /v");
        Deployments a = Deployments.builder(Gateway.builder()).store(store(6379, prefix)).background(background).build();
        closing.add(a::close);
        a.start(List.of(coded), Map.of());
        Deployments b = Deployments.builder(Gateway.builder()).store(store(6379, prefix)).background(background).build();
        closing.add(b::close);
        LiveGateway liveB = b.start(List.of(coded), Map.of());
        assertThat(version(liveB, "/shop/prod/v")).isEqualTo("code");
        assertThat(b.stage("shop", "prod").deploymentId()).isEqualTo(a.stage("shop", "prod").deploymentId());
    }

    @Test
    void everyKeyHoldsOneHashTagAfterThePrefix() {
        String prefix = redis.newPrefix();
        Deployments a = instance(store(6379, prefix), new ArrayList<>());
        start(a);
        assertThat(redis.keys(prefix)).containsExactly(prefix + "{deployments}:deployments:shop",
                prefix + "{deployments}:stages", prefix + "{deployments}:version");
        assertThatThrownBy(() -> store(6379, "tollgate:{x}:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '{' or '}'");
        assertThatThrownBy(() -> store(6379, "tollgate:x}:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUntaggedKeysOfEarlierVersionsAreCopiedOnFirstUseAndOnlyOnce() {
        String prefix = redis.newPrefix();
        Deployments a = instance(store(6379, prefix), new ArrayList<>());
        start(a);
        Deployment second = a.create("shop", definition("v2"), "second");
        a.deploy("shop", "prod", second.id(), false);
        long version = a.sync().version();
        // the layout earlier versions wrote: the same keys without the tag
        for (String key : redis.keys(prefix)) {
            redis.redis().rename(key, key.replace("{deployments}:", ""));
        }
        List<String> untagged = List.of(prefix + "deployments:shop", prefix + "stages", prefix + "version");
        assertThat(redis.keys(prefix)).containsExactlyElementsOf(untagged);

        // an upgraded instance comes up on them; they stay for instances of the earlier version still running
        Deployments b = instance(store(6379, prefix), new ArrayList<>());
        LiveGateway liveB = start(b);
        assertThat(version(liveB, "/shop/prod/v")).isEqualTo("v2");
        assertThat(b.stage("shop", "prod").deploymentId()).isEqualTo(second.id());
        assertThat(b.deployments("shop")).extracting(Deployment::id).hasSize(2).contains(second.id());
        assertThat(b.sync().version()).isEqualTo(version);
        assertThat(redis.keys(prefix)).containsAll(untagged).contains(prefix + "{deployments}:deployments:shop",
                prefix + "{deployments}:stages", prefix + "{deployments}:version");
        b.rollback("shop", "prod", false);
        assertThat(redis.redis().get(prefix + "{deployments}:version")).isEqualTo(String.valueOf(version + 1));
        assertThat(redis.redis().get(prefix + "version")).isEqualTo(String.valueOf(version));

        // once the tagged layout is in use, nothing is copied again: a change an earlier instance makes stays its own
        redis.redis().hdel(prefix + "stages", "shop/beta");
        RedisDeploymentStore later = store(6379, prefix);
        assertThat(later.stages()).extracting(StageState::key).containsExactly("shop/beta", "shop/prod");
        assertThat(later.stages().get(1).deploymentId()).isNotEqualTo(second.id());
    }

    /** The {@code version} the stage's answer names. */
    static String version(LiveGateway live, String path) {
        return body(live, path).replaceAll(".*\"version\":\"([^\"]*)\".*", "$1");
    }

    /** The stage's answer to a GET of {@code path}. */
    static String body(LiveGateway live, String path) {
        Gateway gateway = live.current();
        Resolution resolution = Objects.requireNonNull(gateway.resolve("GET", path));
        Reply reply = Objects.requireNonNull(gateway.process(resolution, StubRequest.get(path))
                .block(Duration.ofSeconds(10)));
        return new String(Objects.requireNonNull(reply.bytes()), StandardCharsets.UTF_8);
    }
}
