package io.tollgate.core.cache.redis;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.cache.CacheFeature;
import io.tollgate.core.cache.CacheInvalidationPolicy;
import io.tollgate.core.cache.CacheStepFactory;
import io.tollgate.core.cache.StageCaches;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances (each its own server, connection to Redis and stage caches) in front of one backend, sharing
 * their stage cache through the real Redis: what one cached is a hit on the other, a flush or a refresh through one
 * is seen by the other, callers stay apart, and an instance whose Redis is away serves from the backend.
 */
class SharedStageCacheEndToEndTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final String KEY_ONE = "key-one-0123456789abcdef";
    private static final String KEY_TWO = "key-two-0123456789abcdef";
    private static DisposableServer backend;

    private final String prefix = redis.newPrefix();
    private final List<GatewayServer> servers = new ArrayList<>();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
    private Instance first;
    private Instance second;

    private record Instance(GatewayServer server, StageCaches caches) {
    }

    @BeforeAll
    static void startBackend() {
        backend = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/pets/{id}", (request, response) -> response.header("content-type", "application/json")
                        .header("x-backend", "yes")
                        .sendString(Mono.just("{\"id\":\"" + request.param("id") + "\",\"call\":"
                                + CALLS.incrementAndGet() + "}"))))
                .bindNow();
    }

    @AfterAll
    static void stopBackend() {
        backend.disposeNow();
    }

    @BeforeEach
    void startInstances() {
        Hooks.onErrorDropped(dropped::add);
        CALLS.set(0);
        first = instance(redis.connector());
        second = instance(redis.connector());
    }

    @AfterEach
    void stopInstances() {
        servers.forEach(GatewayServer::close);
        Hooks.resetOnErrorDropped();
        assertThat(dropped).as("errors handed to Reactor's onErrorDropped").isEmpty();
    }

    private Instance instance(RedisConnector connector) {
        String base = "http://127.0.0.1:" + backend.port();
        RouteCacheSpec byId = new RouteCacheSpec(null, Duration.ofSeconds(60), List.of("method.request.path.id"), null,
                null);
        Api api = Api.builder("pets")
                // anyone may refresh an entry with Cache-Control: max-age=0
                .stageCache("$default", new StageCacheSpec(true, 50_000_000L, Duration.ofSeconds(300), false, null,
                        List.of(), List.of()))
                .route(new RouteSpec("GET /cached/pets/{id}", IntegrationSpec.httpProxy(base + "/pets/{id}")).cache(byId))
                .route(new RouteSpec("GET /keyed/pets/{id}", IntegrationSpec.httpProxy(base + "/pets/{id}"))
                        .apiKeyRequired(true).cache(byId))
                .build();
        InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository(List.of(
                new ApiKey("k1", "one", KEY_ONE, true, Set.of("plan"), Instant.EPOCH),
                new ApiKey("k2", "two", KEY_TWO, true, Set.of("plan"), Instant.EPOCH)));
        UsagePlan plan = new UsagePlan("plan", null, null, List.of(new UsagePlan.ApiStage("pets", "$default", Map.of())),
                Instant.EPOCH);
        StageCaches caches = new StageCaches(new RedisResponseCacheStoreFactory(connector, prefix, Duration.ofSeconds(1)));
        Gateway gateway = Gateway.builder().api(api)
                .feature(new CacheFeature(caches, CacheInvalidationPolicy.CONFIGURED,
                        CacheStepFactory.DEFAULT_STATUS_HEADER, CacheStepFactory.DEFAULT_COALESCE_WAIT))
                .feature(new UsageFeature(UsageControl.builder().plans(List.of(plan)).keys(keys).account(null).build()))
                .build();
        GatewayServer server = GatewayServer.start(gateway);
        servers.add(server);
        return new Instance(server, caches);
    }

    private static TestHttp.Response get(Instance instance, String path, String apiKey, String cacheControl) {
        return instance.server().http().exchange(HttpMethod.GET, path, h -> {
            if (apiKey != null) {
                h.set("x-api-key", apiKey);
            }
            if (cacheControl != null) {
                h.set("cache-control", cacheControl);
            }
        }, null);
    }

    private static TestHttp.Response get(Instance instance, String path) {
        return get(instance, path, null, null);
    }

    /** The entries the instances stored: a store is sent as the reply's body passes, so it may land just after. */
    private void awaitEntries(int count) {
        Await.until(count + " entries in Redis", () -> redis.keys(prefix).size() == count);
    }

    @Test
    void aResponseCachedThroughOneInstanceIsAHitOnTheOther() {
        TestHttp.Response miss = get(first, "/cached/pets/1");
        assertThat(miss.header("X-Tollgate-Cache")).isEqualTo("MISS");
        awaitEntries(1);

        TestHttp.Response hit = get(second, "/cached/pets/1");

        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("X-Tollgate-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body()).isEqualTo("{\"id\":\"1\",\"call\":1}");
        assertThat(hit.header("content-type")).isEqualTo("application/json");
        assertThat(hit.header("x-backend")).isEqualTo("yes");
        assertThat(hit.header("content-length")).isEqualTo(Integer.toString(hit.body().length()));
        assertThat(get(first, "/cached/pets/1").header("X-Tollgate-Cache")).isEqualTo("HIT");
        assertThat(CALLS).hasValue(1);
    }

    @Test
    void aFlushThroughOneInstanceIsAMissOnTheOther() {
        get(first, "/cached/pets/1");
        get(first, "/cached/pets/2");
        awaitEntries(2);
        assertThat(get(second, "/cached/pets/1").header("X-Tollgate-Cache")).isEqualTo("HIT");

        assertThat(first.caches().flush("pets", "$default").block(Duration.ofSeconds(10))).isTrue();

        TestHttp.Response after = get(second, "/cached/pets/1");
        assertThat(after.header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("{\"id\":\"1\",\"call\":3}");
        assertThat(get(first, "/cached/pets/2").header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(CALLS).hasValue(4);
    }

    @Test
    void aRefreshThroughOneInstanceReplacesTheEntryForTheOther() {
        get(first, "/cached/pets/1");
        awaitEntries(1);

        TestHttp.Response refreshed = get(second, "/cached/pets/1", null, "max-age=0");
        assertThat(refreshed.header("X-Tollgate-Cache")).isEqualTo("REFRESH");
        assertThat(refreshed.body()).isEqualTo("{\"id\":\"1\",\"call\":2}");

        Await.until("the refreshed entry in Redis",
                () -> get(first, "/cached/pets/1").body().equals("{\"id\":\"1\",\"call\":2}"));
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void callersStayApartAcrossInstances() {
        TestHttp.Response one = get(first, "/keyed/pets/1", KEY_ONE, null);
        awaitEntries(1);

        assertThat(get(second, "/keyed/pets/1", KEY_ONE, null).header("X-Tollgate-Cache")).isEqualTo("HIT");
        TestHttp.Response two = get(second, "/keyed/pets/1", KEY_TWO, null);
        assertThat(two.header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(two.body()).isNotEqualTo(one.body());
        assertThat(CALLS).hasValue(2);
        // the API key is not readable in Redis's key names
        awaitEntries(2);
        assertThat(redis.keys(prefix)).noneMatch(key -> key.contains(KEY_ONE) || key.contains(KEY_TWO));
    }

    @Test
    void anInstanceWhoseRedisIsAwayServesFromTheBackend() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Instance alone = instance(redis.connector(closed));

        for (int i = 1; i <= 3; i++) {
            TestHttp.Response response = get(alone, "/cached/pets/1");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Tollgate-Cache")).isEqualTo("MISS");
            assertThat(response.body()).isEqualTo("{\"id\":\"1\",\"call\":" + i + "}");
        }
    }
}
