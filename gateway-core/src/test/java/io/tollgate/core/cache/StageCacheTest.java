package io.tollgate.core.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.auth.PolicyDocument;
import io.tollgate.core.pipeline.CacheStatus;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage cache through compiled pipelines (no server): hits, keys, TTLs, isolation, invalidation, coalescing. */
class StageCacheTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger calls = new AtomicInteger();
    private final List<CacheStatus> statuses = new CopyOnWriteArrayList<>();
    private volatile BiFunction<GatewayExchange, Integer, Mono<Reply>> backend = (exchange, n) ->
            Mono.just(json("{\"call\":" + n + ",\"path\":\"" + exchange.request().rawPath() + "\"}"));
    private StageCaches caches;
    private Gateway gateway;

    private static Reply json(String body) {
        HttpHeaders headers = new DefaultHttpHeaders().set("content-type", "application/json");
        return Reply.of(200, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static StageCacheSpec stage(String strategy, Boolean requireAuthorization) {
        return new StageCacheSpec(true, 10_000_000L, Duration.ofSeconds(60), requireAuthorization, strategy,
                List.of("admin"), List.of("tollgate:InvalidateCache"));
    }

    @BeforeEach
    void build() {
        GatewayAuthorizer byHeader = event -> Mono.just(AuthorizerResult.policy(event.header("x-user"), PolicyDocument.allow("*")));
        RouteCacheSpec byId = new RouteCacheSpec(null, null, List.of("method.request.path.id", "method.request.querystring.fields",
                "method.request.header.Accept-Language"), null, null);
        Api api = Api.builder("pets")
                .stage("main", Map.of(), "/main")
                .stage("fail", Map.of(), "/fail")
                .stage("silent", Map.of(), "/silent")
                .stage("open", Map.of(), "/open")
                .stage("uncached", Map.of(), "/uncached")
                .stageCache("main", stage(null, null))
                .stageCache("fail", stage("FAIL_WITH_403", null))
                .stageCache("silent", stage("SUCCEED_WITHOUT_RESPONSE_HEADER", null))
                .stageCache("open", stage(null, false))
                .authorizer(new AuthorizerSpec("who", "REQUEST").identitySources(List.of("$request.header.x-user")))
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.mock(200)).cache(byId))
                .route("GET /plain/{id}", IntegrationSpec.mock(200))
                .route(new RouteSpec("GET /short", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(null, Duration.ofSeconds(10), null, null, null)))
                .route(new RouteSpec("GET /off", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(false, null, null, null, null)))
                .route(new RouteSpec("GET /zero", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(null, Duration.ZERO, null, null, null)))
                .route(new RouteSpec("GET /mine", IntegrationSpec.mock(200)).authorizer("who"))
                .route(new RouteSpec("GET /shared/{id}", IntegrationSpec.mock(200)).authorizer("who")
                        .cache(new RouteCacheSpec(null, null, List.of("method.request.path.id"), null, true)))
                .route("POST /orders", IntegrationSpec.mock(200))
                .route(new RouteSpec("ANY /search", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(null, null,
                        List.of("method.request.querystring.q"), List.of("GET", "POST"), null)))
                .route("GET /backend/{name}", IntegrationSpec.mock(200))
                .build();
        caches = new StageCaches(CaffeineResponseCacheStore.factory(nanos::get));
        PipelineStep recorder = new PipelineStep() {
            @Override
            public Phase phase() {
                return Phase.METHOD_RESPONSE;
            }

            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public Mono<Reply> apply(GatewayExchange exchange, io.tollgate.core.pipeline.ExchangeHandler next) {
                return next.handle(exchange).doOnNext(r -> statuses.add(exchange.cacheStatus()));
            }
        };
        gateway = Gateway.builder().api(api).ticker(nanos::get).feature(new CacheFeature(caches, CacheInvalidationPolicy.CONFIGURED,
                        CacheStepFactory.DEFAULT_STATUS_HEADER, CacheStepFactory.DEFAULT_COALESCE_WAIT))
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("who", byHeader)), null))
                .stepFactory(context -> context.route().map(r -> recorder))
                .integrationFactory((context, integration) -> Optional.of(exchange -> {
                    int n = calls.incrementAndGet();
                    return backend.apply(exchange, n);
                }))
                .build();
    }

    /** A reply read whole: status, headers, body. */
    record Answer(int status, HttpHeaders headers, String body) {
        String cache() {
            return headers.get("X-Tollgate-Cache");
        }
    }

    private Mono<Answer> send(StubRequest request) {
        return gateway.process(gateway.resolve(request.method(), request.rawPath()), request)
                .flatMap(reply -> reply.body()
                        .map(buffer -> {
                            try {
                                return buffer.toString(StandardCharsets.UTF_8);
                            } finally {
                                buffer.release();
                            }
                        })
                        .collect(StringBuilder::new, StringBuilder::append)
                        .map(text -> new Answer(reply.status(), reply.headers(), text.toString())));
    }

    private Answer get(String path, String... headers) {
        return send(StubRequest.get(path, headers)).block(Duration.ofSeconds(10));
    }

    @Test
    void aHitSkipsTheIntegrationAndAnswersTheStoredResponse() {
        Answer miss = get("/main/pets/1");
        Answer hit = get("/main/pets/1");
        assertThat(miss.cache()).isEqualTo("MISS");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body()).contains("\"call\":1");
        assertThat(hit.headers().get("content-type")).isEqualTo("application/json");
        assertThat(calls).hasValue(1);
        assertThat(statuses).containsExactly(CacheStatus.MISS, CacheStatus.HIT);
        // each hit gets its own headers: what one reply's writer adds never reaches the next
        hit.headers().set("x-added", "once");
        assertThat(get("/main/pets/1").headers().contains("x-added")).isFalse();
    }

    @Test
    void entriesExpireAfterTheTtlOnTheTicker() {
        get("/main/pets/1");
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(get("/main/pets/1").cache()).isEqualTo("HIT");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(get("/main/pets/1").cache()).isEqualTo("MISS");
        assertThat(calls).hasValue(2);
        // a route's own TTL
        get("/main/short");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(get("/main/short").cache()).isEqualTo("HIT");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(get("/main/short").cache()).isEqualTo("MISS");
    }

    @Test
    void declaredParametersVaryTheKeyAndUndeclaredOnesDoNot() {
        assertThat(get("/main/pets/1?fields=a").cache()).isEqualTo("MISS");
        assertThat(get("/main/pets/1?fields=b").cache()).isEqualTo("MISS");
        assertThat(get("/main/pets/2?fields=a").cache()).isEqualTo("MISS");
        assertThat(get("/main/pets/1?fields=a", "Accept-Language", "fr").cache()).isEqualTo("MISS");
        assertThat(get("/main/pets/1?fields=a&other=x", "x-other", "y").cache()).isEqualTo("HIT");
        assertThat(get("/main/pets/1?fields=a", "accept-language", "fr").cache()).isEqualTo("HIT");
        assertThat(calls).hasValue(4);
        // without path.id declared, the resource path is the route's (/plain/{id}): as AWS, one entry for all ids
        assertThat(get("/main/plain/1").cache()).isEqualTo("MISS");
        Answer other = get("/main/plain/2");
        assertThat(other.cache()).isEqualTo("HIT");
        assertThat(other.body()).contains("/main/plain/1");
    }

    @Test
    void oneCallersResponseIsNeverServedToAnother() {
        Answer alice = get("/main/mine", "x-user", "alice");
        assertThat(get("/main/mine", "x-user", "alice").body()).isEqualTo(alice.body());
        Answer bob = get("/main/mine", "x-user", "bob");
        assertThat(bob.cache()).isEqualTo("MISS");
        assertThat(bob.body()).isNotEqualTo(alice.body());
        assertThat(calls).hasValue(2);
        // unless the route says its responses are public
        assertThat(get("/main/shared/1", "x-user", "alice").cache()).isEqualTo("MISS");
        assertThat(get("/main/shared/1", "x-user", "bob").cache()).isEqualTo("HIT");
    }

    @Test
    void anAllowedCallerRefreshesTheEntry() {
        get("/main/shared/1", "x-user", "alice");
        Answer refreshed = get("/main/shared/1", "x-user", "admin", "Cache-Control", "max-age=0");
        assertThat(refreshed.cache()).isEqualTo("REFRESH");
        assertThat(refreshed.body()).contains("\"call\":2");
        assertThat(statuses).containsExactly(CacheStatus.MISS, CacheStatus.REFRESH);
        Answer after = get("/main/shared/1", "x-user", "alice");
        assertThat(after.cache()).isEqualTo("HIT");
        assertThat(after.body()).contains("\"call\":2");
    }

    @Test
    void unauthorizedCacheControlIsIgnoredWithAWarningByDefault() {
        get("/main/shared/1", "x-user", "alice");
        Answer answer = get("/main/shared/1", "x-user", "bob", "Cache-Control", "no-cache, max-age=0");
        assertThat(answer.cache()).isEqualTo("HIT");
        assertThat(answer.headers().get("Warning")).isEqualTo(CacheStep.WARNING);
        assertThat(calls).hasValue(1);
    }

    @Test
    void unauthorizedCacheControlCanFailWith403() {
        get("/fail/shared/1", "x-user", "alice");
        Answer answer = get("/fail/shared/1", "x-user", "bob", "Cache-Control", "max-age=0");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(get("/fail/shared/1", "x-user", "admin", "Cache-Control", "max-age=0").cache()).isEqualTo("REFRESH");
        assertThat(calls).hasValue(2);
    }

    @Test
    void unauthorizedCacheControlCanBeIgnoredSilently() {
        get("/silent/shared/1", "x-user", "alice");
        Answer answer = get("/silent/shared/1", "x-user", "bob", "Cache-Control", "max-age=0");
        assertThat(answer.cache()).isEqualTo("HIT");
        assertThat(answer.headers().contains("Warning")).isFalse();
    }

    @Test
    void withoutRequiredAuthorizationAnyoneRefreshes() {
        get("/open/pets/1");
        assertThat(get("/open/pets/1", "Cache-Control", "max-age=0").cache()).isEqualTo("REFRESH");
        assertThat(get("/open/pets/1").body()).contains("\"call\":2");
    }

    @Test
    void aRefreshWhoseAnswerIsNotCacheableDropsTheEntry() {
        get("/open/pets/1");
        backend = (exchange, n) -> Mono.just(Reply.of(500, new DefaultHttpHeaders(), new byte[0]));
        assertThat(get("/open/pets/1", "Cache-Control", "max-age=0").status()).isEqualTo(500);
        backend = (exchange, n) -> Mono.just(json("{\"call\":" + n + "}"));
        assertThat(get("/open/pets/1").cache()).isEqualTo("MISS");
    }

    @Test
    void concurrentMissesCallTheBackendOnce() {
        Sinks.Empty<Void> gate = Sinks.empty();
        backend = (exchange, n) -> gate.asMono().then(Mono.fromSupplier(() -> json("{\"call\":" + n + "}")));
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(send(StubRequest.get("/main/pets/7")).toFuture());
        }
        assertThat(calls).hasValue(1);
        gate.tryEmitEmpty();
        List<Answer> done = answers.stream().map(CompletableFuture::join).toList();
        assertThat(done).extracting(Answer::body).containsOnly("{\"call\":1}");
        assertThat(done).extracting(Answer::cache).containsExactlyInAnyOrder("MISS", "HIT", "HIT", "HIT", "HIT");
        assertThat(calls).hasValue(1);
    }

    @Test
    void whenTheFirstMissIsNotCacheableTheWaitingOnesCallTheBackendThemselves() {
        Sinks.Empty<Void> gate = Sinks.empty();
        backend = (exchange, n) -> gate.asMono().then(Mono.fromSupplier(() -> n == 1
                ? Reply.of(503, new DefaultHttpHeaders(), "busy".getBytes(StandardCharsets.UTF_8)) : json("{\"call\":" + n + "}")));
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(send(StubRequest.get("/main/pets/8")).toFuture());
        }
        assertThat(calls).hasValue(1);
        gate.tryEmitEmpty();
        List<Answer> done = answers.stream().map(CompletableFuture::join).toList();
        assertThat(done).extracting(Answer::status).containsExactlyInAnyOrder(503, 200, 200);
        assertThat(calls).hasValue(3);
    }

    @Test
    void nonCacheableResponsesAreNotStored() {
        List<HttpHeaders> refused = List.of(
                new DefaultHttpHeaders().set("set-cookie", "session=1"),
                new DefaultHttpHeaders().set("cache-control", "private, max-age=60"),
                new DefaultHttpHeaders().set("cache-control", "no-store"),
                new DefaultHttpHeaders().set("content-type", "text/event-stream"),
                new DefaultHttpHeaders().set("content-length", "1048577"));
        int expected = 0;
        for (HttpHeaders headers : refused) {
            backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders().set(headers),
                    Flux.just(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8)), () -> { }));
            assertThat(get("/main/backend/a").cache()).as("%s", headers).isEqualTo("MISS");
            assertThat(get("/main/backend/a").cache()).as("%s", headers).isEqualTo("MISS");
            expected += 2;
            assertThat(calls).hasValue(expected);
        }
        backend = (exchange, n) -> Mono.just(Reply.of(404, new DefaultHttpHeaders(), "{}".getBytes(StandardCharsets.UTF_8)));
        get("/main/backend/a");
        get("/main/backend/a");
        assertThat(calls).hasValue(expected + 2);
    }

    @Test
    void streamedBodiesAreStoredWholeUpTo1MbAndNotBeyond() {
        backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders(), chunks(100, 'a' + n), () -> { }));
        Answer first = get("/main/backend/a");
        assertThat(first.body()).hasSize(100 * 8192);
        Answer second = get("/main/backend/a");
        assertThat(second.cache()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().contains("transfer-encoding")).isFalse();
        // 129 chunks of 8 KiB: one chunk over 1 MB, streamed whole to the client but not kept
        caches.flush("pets", "main").block(Duration.ofSeconds(10));
        backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders(), chunks(129, 'a'), () -> { }));
        assertThat(get("/main/backend/b").body()).hasSize(129 * 8192);
        assertThat(get("/main/backend/b").cache()).isEqualTo("MISS");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aClientThatLeavesMidStreamLeavesNoPartialEntry() {
        AtomicInteger produced = new AtomicInteger();
        backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders(),
                chunks(10, 'a').doOnNext(b -> produced.incrementAndGet()), () -> { }));
        StubRequest request = StubRequest.get("/main/backend/c");
        Reply reply = gateway.process(gateway.resolve("GET", "/main/backend/c"), request).block(Duration.ofSeconds(10));
        List<ByteBuf> taken = reply.body().take(2).collectList().block(Duration.ofSeconds(10));
        taken.forEach(ByteBuf::release);
        assertThat(produced).hasValue(2);
        assertThat(get("/main/backend/c").cache()).isEqualTo("MISS");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aDiscardedReplyReleasesTheWaitingMisses() {
        AtomicInteger discarded = new AtomicInteger();
        backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders(), chunks(1, 'a'), discarded::incrementAndGet));
        Reply reply = gateway.process(gateway.resolve("GET", "/main/backend/d"), StubRequest.get("/main/backend/d")).block(Duration.ofSeconds(10));
        CompletableFuture<Answer> waiting = send(StubRequest.get("/main/backend/d")).toFuture();
        assertThat(waiting).isNotDone();
        reply.discard();
        assertThat(discarded).hasValue(1);
        assertThat(waiting.join().cache()).isEqualTo("MISS");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aLeaderThatNeverFinishesHoldsTheOthersAtMostTheWait() {
        backend = (exchange, n) -> Mono.just(Reply.streaming(200, new DefaultHttpHeaders(), chunks(1, 'a' + n), () -> { }));
        Reply neverWritten = gateway.process(gateway.resolve("GET", "/main/backend/e"), StubRequest.get("/main/backend/e")).block(Duration.ofSeconds(10));
        assertThat(neverWritten.status()).isEqualTo(200);
        StepVerifier.withVirtualTime(() -> send(StubRequest.get("/main/backend/e")))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(answer -> assertThat(answer.cache()).isEqualTo("MISS"))
                .expectComplete().verify(Duration.ofSeconds(10));
        assertThat(calls).hasValue(2);
        // the stale leader is gone: the next miss leads at once instead of waiting again
        caches.flush("pets", "main").block(Duration.ofSeconds(10));
        assertThat(send(StubRequest.get("/main/backend/e")).block(Duration.ofSeconds(5)).cache()).isEqualTo("MISS");
        assertThat(calls).hasValue(3);
    }

    @Test
    void onlyGetIsCachedUnlessARouteOptsIn() {
        StubRequest post = StubRequest.of("POST", "/main/orders");
        send(post).block(Duration.ofSeconds(10));
        send(post).block(Duration.ofSeconds(10));
        assertThat(calls).hasValue(2);
        assertThat(statuses).containsExactly(CacheStatus.NONE, CacheStatus.NONE);
        assertThat(send(StubRequest.of("POST", "/main/search?q=a")).block(Duration.ofSeconds(10)).cache()).isEqualTo("MISS");
        assertThat(send(StubRequest.of("POST", "/main/search?q=a")).block(Duration.ofSeconds(10)).cache()).isEqualTo("HIT");
        assertThat(send(StubRequest.of("GET", "/main/search?q=a")).block(Duration.ofSeconds(10)).cache()).isEqualTo("MISS");
        assertThat(send(StubRequest.of("PUT", "/main/search?q=a")).block(Duration.ofSeconds(10)).cache()).isNull();
    }

    @Test
    void routesTurnedOffOrWithTtlZeroAndStagesWithoutCacheAreNotCached() {
        for (String path : new String[] {"/main/off", "/main/zero", "/uncached/pets/1"}) {
            get(path);
            Answer second = get(path);
            assertThat(second.cache()).as(path).isNull();
        }
        assertThat(calls).hasValue(6);
        assertThat(statuses).containsOnly(CacheStatus.NONE);
    }

    @Test
    void flushEmptiesOneStage() {
        get("/main/pets/1");
        get("/silent/pets/1");
        assertThat(caches.flush("pets", "main").block(Duration.ofSeconds(10))).isTrue();
        assertThat(caches.flush("pets", "uncached").block(Duration.ofSeconds(10))).isFalse();
        assertThat(caches.flush("nope", "main").block(Duration.ofSeconds(10))).isFalse();
        assertThat(get("/main/pets/1").cache()).isEqualTo("MISS");
        assertThat(get("/silent/pets/1").cache()).isEqualTo("HIT");
        assertThat(caches.stats()).containsKeys("pets/main", "pets/silent");
        assertThat(caches.stats().get("pets/main").entries()).isEqualTo(1);
    }

    private static Flux<ByteBuf> chunks(int count, int letter) {
        return Flux.range(0, count).map(i -> {
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) letter);
            return Unpooled.buffer(8192).writeBytes(chunk);
        });
    }
}
