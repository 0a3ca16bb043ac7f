package io.tollgate.core.cache;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage cache between a real client, a real gateway server and a real backend (HTTP proxy integrations). */
class StageCacheEndToEndTest {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static DisposableServer backend;
    private static GatewayServer server;
    private static StageCaches caches;

    @BeforeAll
    static void start() {
        backend = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/pets/{id}", (request, response) -> response.header("content-type", "application/json")
                        .sendString(Mono.just("{\"id\":\"" + request.param("id") + "\",\"call\":" + CALLS.incrementAndGet() + "}")))
                .get("/chunked/{n}", (request, response) -> {
                    CALLS.incrementAndGet();
                    int n = Integer.parseInt(request.param("n"));
                    return response.send(Flux.range(0, n).map(i -> {
                        byte[] chunk = new byte[8192];
                        java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                        return response.alloc().buffer(8192).writeBytes(chunk);
                    }));
                })
                .get("/big", (request, response) -> {
                    CALLS.incrementAndGet();
                    return response.sendString(Mono.just("b".repeat(1_500_000)));
                }))
                .bindNow();
        String base = "http://127.0.0.1:" + backend.port();
        InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository(List.of(
                new ApiKey("k1", "one", "key-one-0123456789abcdef", true, Set.of("plan"), Instant.EPOCH),
                new ApiKey("k2", "two", "key-two-0123456789abcdef", true, Set.of("plan"), Instant.EPOCH)));
        UsagePlan plan = new UsagePlan("plan", null, null, List.of(new UsagePlan.ApiStage("pets", "$default", Map.of())), Instant.EPOCH);
        RouteCacheSpec byId = new RouteCacheSpec(null, Duration.ofSeconds(60),
                List.of("method.request.path.id", "method.request.querystring.fields"), null, null);
        Api api = Api.builder("pets")
                .stageCache("$default", StageCacheSpec.of(50_000_000, Duration.ofSeconds(300)))
                .route(new RouteSpec("GET /cached/pets/{id}", IntegrationSpec.httpProxy(base + "/pets/{id}")).cache(byId))
                .route(new RouteSpec("GET /keyed/pets/{id}", IntegrationSpec.httpProxy(base + "/pets/{id}")).apiKeyRequired(true).cache(byId))
                .route(new RouteSpec("GET /chunked/{n}", IntegrationSpec.httpProxy(base + "/chunked/{n}"))
                        .cache(new RouteCacheSpec(null, null, List.of("method.request.path.n"), null, null)))
                .route("GET /big", IntegrationSpec.httpProxy(base + "/big"))
                .build();
        caches = new StageCaches(CaffeineResponseCacheStore.factory(com.github.benmanes.caffeine.cache.Ticker.systemTicker()));
        Gateway gateway = Gateway.builder().api(api)
                .feature(new CacheFeature(caches, CacheInvalidationPolicy.CONFIGURED,
                        CacheStepFactory.DEFAULT_STATUS_HEADER, CacheStepFactory.DEFAULT_COALESCE_WAIT))
                .feature(new UsageFeature(UsageControl.builder().plans(List.of(plan)).keys(keys).account(null).build()))
                .build();
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.disposeNow();
    }

    @BeforeEach
    void empty() {
        caches.flush("pets", "$default").block(Duration.ofSeconds(10));
        CALLS.set(0);
    }

    private static TestHttp.Response get(String path, String apiKey) {
        return server.http().exchange(HttpMethod.GET, path, h -> {
            if (apiKey != null) {
                h.set("x-api-key", apiKey);
            }
        }, null);
    }

    @Test
    void aProxiedResponseIsServedFromTheCache() {
        TestHttp.Response miss = server.http().get("/cached/pets/1?fields=name");
        TestHttp.Response hit = server.http().get("/cached/pets/1?fields=name");
        assertThat(miss.header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(hit.header("X-Tollgate-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body()).isEqualTo("{\"id\":\"1\",\"call\":1}");
        assertThat(hit.header("content-type")).isEqualTo("application/json");
        assertThat(hit.header("content-length")).isEqualTo(Integer.toString(hit.body().length()));
        assertThat(hit.header("apigw-requestid")).isNotEqualTo(miss.header("apigw-requestid"));
        assertThat(server.http().get("/cached/pets/2?fields=name").body()).isEqualTo("{\"id\":\"2\",\"call\":2}");
        assertThat(server.http().get("/cached/pets/1?fields=price").header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(CALLS).hasValue(3);
    }

    @Test
    void apiKeysKeepTheirOwnEntries() {
        TestHttp.Response one = get("/keyed/pets/1", "key-one-0123456789abcdef");
        assertThat(get("/keyed/pets/1", "key-one-0123456789abcdef").header("X-Tollgate-Cache")).isEqualTo("HIT");
        TestHttp.Response two = get("/keyed/pets/1", "key-two-0123456789abcdef");
        assertThat(two.header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(two.body()).isNotEqualTo(one.body());
        // a refused caller never reaches the cache: the method request runs first
        assertThat(get("/keyed/pets/1", null).status()).isEqualTo(403);
        assertThat(CALLS).hasValue(2);
    }

    @Test
    void chunkedBodiesAreStoredWholeAndLargeOnesPassThrough() {
        TestHttp.Response first = server.http().get("/chunked/20");
        assertThat(first.header("transfer-encoding")).isEqualTo("chunked");
        TestHttp.Response second = server.http().get("/chunked/20");
        assertThat(second.header("X-Tollgate-Cache")).isEqualTo("HIT");
        assertThat(second.body()).hasSize(20 * 8192).isEqualTo(first.body());
        assertThat(server.http().get("/chunked/130").body()).hasSize(130 * 8192);
        assertThat(server.http().get("/chunked/130").header("X-Tollgate-Cache")).isEqualTo("MISS");
        TestHttp.Response big = server.http().get("/big");
        assertThat(big.body()).hasSize(1_500_000);
        assertThat(server.http().get("/big").header("X-Tollgate-Cache")).isEqualTo("MISS");
        assertThat(CALLS).hasValue(5);
    }
}
