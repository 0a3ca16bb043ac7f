package io.tollgate.core.server.deploy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.RedisClusterAvailable;
import io.tollgate.testsupport.RedisSentinelAvailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.tollgate.core.server.deploy.DeploymentsTest.DEFINITIONS;
import static io.tollgate.core.server.deploy.DeploymentsTest.definition;
import static io.tollgate.core.server.deploy.DeploymentsTest.shop;
import static io.tollgate.core.server.deploy.RedisDeploymentsTest.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Redis deployment store on a Redis Cluster and on a Sentinel-monitored primary (the topologies
 * {@code .ci/redis-topologies} starts): two instances, each with its own client, share deployments and stages, and a
 * change made on one is announced to the other, whose store's version follows; through Sentinel, a failover after
 * which changes still work, are applied by the other instance (by the periodic reconcile if their announcement was
 * missed while the subscription moved) and are announced again.
 */
class RedisDeploymentTopologiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** Where announced changes are applied: never Lettuce's own threads, which a blocking command would hold. */
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        background.shutdownNow();
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

    /**
     * Two instances on {@code storeA} and {@code storeB}: B comes up on what A wrote; changes on either are announced
     * to the other (neither reconciles by itself here), and the versions both read increase.
     */
    private void instancesShareTheirDeployments(Deployments a, RedisDeploymentStore storeA,
                                                Deployments b, RedisDeploymentStore storeB) {
        LiveGateway liveA = start(a);
        Deployment second = a.create("shop", definition("v2"), "second");
        a.deploy("shop", "prod", second.id(), false);
        LiveGateway liveB = start(b);
        assertThat(version(liveB, "/shop/prod/v")).isEqualTo("v2");
        assertThat(b.stage("shop", "prod").deploymentId()).isEqualTo(second.id());
        assertThat(b.deployments("shop")).extracting(Deployment::id).containsExactlyElementsOf(
                a.deployments("shop").stream().map(Deployment::id).toList());
        long before = storeB.version();
        assertThat(storeA.version()).isEqualTo(before);

        b.rollback("shop", "prod", false);
        Await.until("A to serve B's rollback, announced", () -> version(liveA, "/shop/prod/v").equals("v1"));
        assertThat(storeA.version()).isGreaterThan(before);
        Deployment third = a.create("shop", definition("v3"), "third");
        a.deploy("shop", "beta", third.id(), false);
        Await.until("B to serve A's deployment, announced", () -> version(liveB, "/shop/beta/v").equals("v3"));
        assertThat(b.stage("shop", "beta").deploymentId()).isEqualTo(third.id());
        assertThat(storeB.version()).isEqualTo(storeA.version()).isGreaterThan(before + 1);
        assertThat(a.sync().inSync()).isTrue();
        assertThat(b.sync().inSync()).isTrue();
    }

    @Test
    void onARedisClusterTwoInstancesShareTheirDeploymentsAndAnnounceTheirChanges() {
        RedisClusterAvailable.require();
        RedisClusterClient clientA = cluster();
        RedisClusterClient clientB = cluster();
        RedisDeploymentStore storeA = store(new RedisDeploymentStore(clientA, prefix, TIMEOUT));
        RedisDeploymentStore storeB = store(new RedisDeploymentStore(clientB, prefix, TIMEOUT));
        instancesShareTheirDeployments(instance(storeA, new ArrayList<>()), storeA,
                instance(storeB, new ArrayList<>()), storeB);

        try (StatefulRedisClusterConnection<String, String> redis = clientA.connect()) {
            List<String> keys = redis.sync().keys(prefix + "*");
            assertThat(keys).containsExactlyInAnyOrder(prefix + "{deployments}:deployments:shop",
                    prefix + "{deployments}:stages", prefix + "{deployments}:version");
            assertThat(keys).extracting(SlotHash::getSlot).containsOnly(SlotHash.getSlot("deployments"));
        }
    }

    @Test
    void throughTheSentinelsChangesGoOnAfterAFailoverAndStillReachTheOtherInstance() throws Exception {
        RedisSentinelAvailable.require();
        RedisClient clientA = RedisClient.create();
        closing.add(() -> clientA.shutdown(0, 5, TimeUnit.SECONDS));
        RedisClient clientB = RedisClient.create();
        closing.add(() -> clientB.shutdown(0, 5, TimeUnit.SECONDS));
        closing.add(() -> {
            try (StatefulRedisConnection<String, String> cleanup = clientA.connect(RedisSentinelAvailable.uri())) {
                cleanup.sync().keys(prefix + "*").forEach(k -> cleanup.sync().del(k));
            }
        });
        RedisDeploymentStore storeA = store(new RedisDeploymentStore(clientA, RedisSentinelAvailable.uri(), prefix,
                TIMEOUT));
        RedisDeploymentStore storeB = store(new RedisDeploymentStore(clientB, RedisSentinelAvailable.uri(), prefix,
                TIMEOUT));
        List<StageChange> seenByB = new CopyOnWriteArrayList<>();
        Deployments a = instance(storeA, new ArrayList<>());
        Deployments b = instance(storeB, seenByB);
        instancesShareTheirDeployments(a, storeA, b, storeB);
        LiveGateway liveB = b.live();

        try (StatefulRedisSentinelConnection<String, String> sentinel = clientA.connectSentinel(RedisURI.create(
                "redis://" + RedisSentinelAvailable.HOST + ":" + RedisSentinelAvailable.SENTINEL_PORTS.get(0)))) {
            InetSocketAddress before = (InetSocketAddress) sentinel.sync()
                    .getMasterAddrByName(RedisSentinelAvailable.MASTER);
            failover(clientA, sentinel, before);
            InetSocketAddress after = (InetSocketAddress) sentinel.sync()
                    .getMasterAddrByName(RedisSentinelAvailable.MASTER);
            try (StatefulRedisConnection<String, String> primary = clientA.connect(node(after));
                 StatefulRedisConnection<String, String> demoted = clientA.connect(node(before))) {
                assertThat(primary.sync().role().get(0)).isEqualTo("master");
                // until the sentinels turn it into a replica (and disconnect its clients, this test's too), the old
                // primary still takes writes and announces them to the subscriptions it holds: changes made there
                // are lost
                Await.until("the sentinels to demote the old primary", Duration.ofSeconds(30), () -> {
                    try {
                        return demoted.sync().role().get(0).equals("slave");
                    } catch (RedisException e) {
                        return false; // disconnected: Lettuce reconnects it
                    }
                });

                // a change may fail while the connections move: until one is kept by the promoted primary
                Deployment kept = Await.value("a change on A kept by the promoted primary", Duration.ofSeconds(30),
                        () -> {
                            try {
                                Deployment next = a.create("shop", definition("v4"), "after the failover");
                                a.deploy("shop", "prod", next.id(), false);
                                String stored = primary.sync().hget(prefix + "{deployments}:stages", "shop/prod");
                                return Optional.ofNullable(stored != null && stored.contains(next.id()) ? next : null);
                            } catch (DeploymentException e) {
                                return Optional.empty();
                            }
                        });
                // B applies it: announced, or (made while B's subscription moved) at B's next periodic reconcile,
                // which this test stands in for
                Await.until("B to serve the change made after the failover", Duration.ofSeconds(30), () -> {
                    if (!deployment(liveB, "/shop/prod/v").equals(kept.id())) {
                        b.reconcile();
                        return false;
                    }
                    return true;
                });
                assertThat(b.sync().inSync()).isTrue();
                assertThat(storeB.version()).isEqualTo(storeA.version());

                // both subscriptions were moved to the promoted primary (Lettuce asked the sentinels again when it
                // reconnected them), and a change is announced again: applied by B with no reconcile asked for
                Await.until("both instances to subscribe on the promoted primary", Duration.ofSeconds(30),
                        () -> primary.sync().pubsubNumsub(prefix + "{deployments}:changes").values().iterator().next()
                                == 2);
                background.submit(() -> { }).get(10, TimeUnit.SECONDS); // the reconciles announced so far are done
                seenByB.clear();
                Deployment announced = a.create("shop", definition("v5"), "announced after the failover");
                a.deploy("shop", "beta", announced.id(), false);
                Await.until("B to apply the announced change", () -> !seenByB.isEmpty());
                assertThat(seenByB).extracting(StageChange::kind, StageChange::to)
                        .containsExactly(tuple(StageChange.Kind.SYNCED, announced.id()));
                assertThat(version(liveB, "/shop/beta/v")).isEqualTo("v5");
            }
        }
    }

    private static void failover(RedisClient client, StatefulRedisSentinelConnection<String, String> sentinel,
                                 InetSocketAddress before) {
        RedisSentinelAvailable.failover(client, sentinel, before);
    }

    /** The deployment the stage's answer names. */
    private static String deployment(LiveGateway live, String path) {
        return RedisDeploymentsTest.body(live, path).replaceAll(".*\"deployment\":\"([^\"]*)\".*", "$1");
    }

    private static RedisURI node(InetSocketAddress address) {
        return RedisURI.create("redis://" + address.getHostString() + ":" + address.getPort());
    }

    private RedisDeploymentStore store(RedisDeploymentStore store) {
        closing.add(store);
        return store;
    }

    private RedisClusterClient cluster() {
        RedisClusterClient client = RedisClusterClient.create(RedisClusterAvailable.seeds());
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
                ClusterTopologyRefreshOptions.enabled()).build());
        closing.add(() -> client.shutdown(0, 5, TimeUnit.SECONDS));
        closing.add(() -> {
            try (StatefulRedisClusterConnection<String, String> cleanup = client.connect()) {
                cleanup.sync().keys(prefix + "*").forEach(k -> cleanup.sync().del(k));
            }
        });
        return client;
    }
}
