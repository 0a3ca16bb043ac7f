package io.tollgate.core.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.CacheStatus;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.RenderedError;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage cache step alone, as its factory builds it, over a Caffeine store on a fake ticker, with a stub request
 * and a stub next step: no server, no route table, no waiting.
 */
class CacheStepTest {

    private static final Api API = Api.builder("shop")
            .stage("main", Map.of(), "/main")
            .stage("open", Map.of(), "/open")
            .stage("fail", Map.of(), "/fail")
            .stage("silent", Map.of(), "/silent")
            .stageCache("main", stage(null, null))
            .stageCache("open", stage(false, null))
            .stageCache("fail", stage(null, "FAIL_WITH_403"))
            .stageCache("silent", stage(null, "SUCCEED_WITHOUT_RESPONSE_HEADER"))
            .route(new RouteSpec("GET /products", IntegrationSpec.mock(200))
                    .cache(new RouteCacheSpec(null, null, List.of("method.request.querystring.color"), null, null)))
            .build();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StageCaches caches = new StageCaches(CaffeineResponseCacheStore.factory(nanos::get));
    private final Map<String, PipelineStep> steps = new HashMap<>();

    private final AtomicInteger nextCalls = new AtomicInteger();
    /** What next answers for its n-th call (1, 2, ...): by default a small JSON body naming the call. */
    private IntFunction<Reply> backend = n -> json(200, "{\"call\":" + n + "}");
    private final ExchangeHandler next = exchange -> {
        int n = nextCalls.incrementAndGet();
        return Mono.just(backend.apply(n));
    };

    /** A stage cache of 60 s, invalidation by principal {@code admin} or scope {@code tollgate:InvalidateCache}. */
    private static StageCacheSpec stage(Boolean requireAuthorization, String strategy) {
        return new StageCacheSpec(true, 10_000_000L, Duration.ofSeconds(60), requireAuthorization, strategy,
                List.of("admin"), List.of("tollgate:InvalidateCache"));
    }

    private static Reply json(int status, String body) {
        HttpHeaders headers = new DefaultHttpHeaders().set("content-type", "application/json");
        return Reply.of(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Stage stage(String name) {
        return API.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The step of the route in {@code stage}, one per stage for the whole test, as the gateway compiles it. */
    private PipelineStep step(String stage) {
        return steps.computeIfAbsent(stage, name -> new CacheStepFactory(caches, CacheInvalidationPolicy.CONFIGURED,
                CacheStepFactory.DEFAULT_STATUS_HEADER, CacheStepFactory.DEFAULT_COALESCE_WAIT)
                .create(new RouteContext(API, stage(name), Optional.of(API.routes().get(0)))).orElseThrow());
    }

    /** A reply read whole (its buffers released), and what the step recorded on the exchange. */
    private record Answer(int status, HttpHeaders headers, String body, GatewayError error, CacheStatus cacheStatus) {

        String cache() {
            return headers.get("X-Tollgate-Cache");
        }
    }

    private Answer send(String stage, GatewayExchange exchange) {
        Reply reply = step(stage).apply(exchange, next).block(Duration.ofSeconds(10));
        String body = reply.body()
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        buffer.release();
                    }
                })
                .collect(StringBuilder::new, StringBuilder::append)
                .map(StringBuilder::toString)
                .block(Duration.ofSeconds(10));
        return new Answer(reply.status(), reply.headers(), body, reply.error(), exchange.cacheStatus());
    }

    private static GatewayExchange exchange(String stage, String pathAndQuery, String... headers) {
        StubRequest request = StubRequest.get(pathAndQuery, headers);
        return new GatewayExchange(request, RequestPath.parse(request.rawPath()), API, stage(stage), null, 0,
                System.nanoTime());
    }

    private Answer get(String stage, String pathAndQuery, String... headers) {
        return send(stage, exchange(stage, pathAndQuery, headers));
    }

    private long entries(String stage) {
        return caches.stats().get("shop/" + stage).entries();
    }


    @Test
    void aMissCallsNextAndStoresItsReply() {
        Answer miss = get("main", "/products?color=red");
        assertThat(nextCalls).hasValue(1);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.body()).isEqualTo("{\"call\":1}");
        assertThat(miss.cache()).isEqualTo("MISS");
        assertThat(miss.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(entries("main")).isEqualTo(1);
    }

    @Test
    void theSameRequestAgainIsAHitThatSkipsNext() {
        get("main", "/products?color=red");
        Answer hit = get("main", "/products?color=red");
        assertThat(nextCalls).hasValue(1);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo("{\"call\":1}");
        assertThat(hit.headers().get("content-type")).isEqualTo("application/json");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        // a parameter that is not a key parameter does not vary the key (as AWS)
        assertThat(get("main", "/products?color=red&page=2").cache()).isEqualTo("HIT");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void anotherValueOfAKeyParameterIsAMiss() {
        get("main", "/products?color=red");
        Answer blue = get("main", "/products?color=blue");
        assertThat(blue.cache()).isEqualTo("MISS");
        assertThat(blue.body()).isEqualTo("{\"call\":2}");
        Answer none = get("main", "/products");
        assertThat(none.cache()).isEqualTo("MISS");
        assertThat(none.body()).isEqualTo("{\"call\":3}");
        assertThat(nextCalls).hasValue(3);
        assertThat(get("main", "/products?color=red").body()).isEqualTo("{\"call\":1}");
        assertThat(get("main", "/products?color=blue").body()).isEqualTo("{\"call\":2}");
        assertThat(nextCalls).hasValue(3);
        assertThat(entries("main")).isEqualTo(3);
    }

    @Test
    void anEntryLivesForTheTtlOnTheTicker() {
        get("main", "/products?color=red");
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(get("main", "/products?color=red").cache()).isEqualTo("HIT");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        Answer expired = get("main", "/products?color=red");
        assertThat(expired.cache()).isEqualTo("MISS");
        assertThat(expired.body()).isEqualTo("{\"call\":2}");
        assertThat(nextCalls).hasValue(2);
        // stored again, for another 60 s
        assertThat(get("main", "/products?color=red").body()).isEqualTo("{\"call\":2}");
        assertThat(nextCalls).hasValue(2);
    }

    @Test
    void maxAge0FromACallerAllowedToInvalidateRefreshesTheEntry() {
        get("main", "/products?color=red");
        GatewayExchange admin = exchange("main", "/products?color=red", "Cache-Control", "max-age=0");
        admin.authorization(new Authorization(AuthorizationType.CUSTOM, "admin", Map.of(), Map.of(), List.of(), null,
                null, 0));
        Answer refreshed = send("main", admin);
        assertThat(refreshed.cache()).isEqualTo("REFRESH");
        assertThat(refreshed.cacheStatus()).isEqualTo(CacheStatus.REFRESH);
        assertThat(refreshed.body()).isEqualTo("{\"call\":2}");
        assertThat(nextCalls).hasValue(2);
        Answer after = get("main", "/products?color=red");
        assertThat(after.cache()).isEqualTo("HIT");
        assertThat(after.body()).isEqualTo("{\"call\":2}");
        // a listed scope is as good as a listed principal; "no-cache, max-age=0" is a refresh too
        GatewayExchange scoped = exchange("main", "/products?color=red", "Cache-Control", "no-cache, max-age=0");
        scoped.authorization(new Authorization(AuthorizationType.JWT, "bob", Map.of(), Map.of(),
                List.of("tollgate:InvalidateCache"), null, null, 0));
        assertThat(send("main", scoped).body()).isEqualTo("{\"call\":3}");
        assertThat(nextCalls).hasValue(3);
    }

    @Test
    void maxAge0FromAnyoneRefreshesWhenTheStageRequiresNoAuthorization() {
        get("open", "/products?color=red");
        Answer refreshed = get("open", "/products?color=red", "Cache-Control", "max-age=0");
        assertThat(refreshed.cache()).isEqualTo("REFRESH");
        assertThat(refreshed.body()).isEqualTo("{\"call\":2}");
        assertThat(get("open", "/products?color=red").body()).isEqualTo("{\"call\":2}");
        assertThat(nextCalls).hasValue(2);
    }

    @Test
    void anUnauthorizedMaxAge0IsIgnoredWithAWarningByDefault() {
        get("main", "/products?color=red");
        GatewayExchange stranger = exchange("main", "/products?color=red", "Cache-Control", "max-age=0");
        stranger.authorization(new Authorization(AuthorizationType.CUSTOM, "mallory", Map.of(), Map.of(),
                List.of("pets:read"), null, null, 0));
        Answer answer = send("main", stranger);
        assertThat(nextCalls).hasValue(1);
        assertThat(answer.cache()).isEqualTo("HIT");
        assertThat(answer.body()).isEqualTo("{\"call\":1}");
        assertThat(answer.headers().getAll("Warning")).containsExactly(CacheStep.WARNING);
        // no caller at all: the same
        Answer anonymous = get("main", "/products?color=red", "Cache-Control", "max-age=0");
        assertThat(anonymous.cache()).isEqualTo("HIT");
        assertThat(anonymous.headers().get("Warning")).isEqualTo(CacheStep.WARNING);
        assertThat(nextCalls).hasValue(1);
        // a plain hit carries no warning
        assertThat(get("main", "/products?color=red").headers().contains("Warning")).isFalse();
    }

    @Test
    void anUnauthorizedMaxAge0IsIgnoredSilentlyWhenTheStageSaysSo() {
        get("silent", "/products?color=red");
        Answer answer = get("silent", "/products?color=red", "Cache-Control", "max-age=0");
        assertThat(answer.cache()).isEqualTo("HIT");
        assertThat(answer.body()).isEqualTo("{\"call\":1}");
        assertThat(answer.headers().contains("Warning")).isFalse();
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void anUnauthorizedMaxAge0IsForbiddenWhenTheStageSaysSo() {
        get("fail", "/products?color=red");
        Answer refused = get("fail", "/products?color=red", "Cache-Control", "max-age=0");
        assertThat(nextCalls).hasValue(1);
        assertThat(refused.error().type()).isEqualTo(GatewayResponseType.ACCESS_DENIED);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(RenderedError.body(refused.error())).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(refused.cacheStatus()).isEqualTo(CacheStatus.NONE);
        assertThat(refused.cache()).isNull();
        // the entry is untouched
        assertThat(get("fail", "/products?color=red").body()).isEqualTo("{\"call\":1}");
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void repliesOtherThan200OrMarkedPrivateAreNotStored() {
        List<IntFunction<Reply>> uncacheable = List.of(
                n -> json(404, "{\"call\":" + n + "}"),
                n -> json(500, "{\"call\":" + n + "}"),
                n -> Reply.error(GatewayError.of(GatewayResponseType.INTEGRATION_TIMEOUT)),
                n -> {
                    Reply reply = json(200, "{\"call\":" + n + "}");
                    reply.headers().set("cache-control", "private, max-age=60");
                    return reply;
                },
                n -> {
                    Reply reply = json(200, "{\"call\":" + n + "}");
                    reply.headers().set("set-cookie", "session=1");
                    return reply;
                });
        int calls = 0;
        for (IntFunction<Reply> reply : uncacheable) {
            backend = reply;
            Answer first = get("main", "/products?color=red");
            Answer second = get("main", "/products?color=red");
            calls += 2;
            assertThat(nextCalls).hasValue(calls);
            assertThat(second.cacheStatus()).isEqualTo(CacheStatus.MISS);
            if (first.error() == null) {
                assertThat(first.body()).isEqualTo("{\"call\":" + (calls - 1) + "}");
                assertThat(second.body()).isEqualTo("{\"call\":" + calls + "}");
                assertThat(second.cache()).isEqualTo("MISS");
            } else {
                // the gateway's own errors are not marked, and stay errors
                assertThat(second.error().type()).isEqualTo(GatewayResponseType.INTEGRATION_TIMEOUT);
                assertThat(second.cache()).isNull();
            }
        }
        assertThat(entries("main")).isZero();
    }

    /** A streamed body of {@code chunks} pooled (leak-tracked) buffers of {@code size} bytes, made when subscribed. */
    private static Flux<ByteBuf> pooled(int chunks, int size, char fill) {
        return Flux.range(0, chunks).map(i -> {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(size);
            for (int b = 0; b < size; b++) {
                buffer.writeByte(fill);
            }
            return buffer;
        });
    }

    @Test
    void aStreamedReplyIsStoredOnceWholeAndEveryBufferIsReleased() {
        AtomicInteger discarded = new AtomicInteger();
        backend = n -> Reply.streaming(200, new DefaultHttpHeaders().set("content-type", "text/plain")
                .set("content-length", "12288"), pooled(3, 4096, (char) ('a' + n - 1)), discarded::incrementAndGet);
        Answer miss = get("main", "/products?color=red");
        assertThat(miss.cache()).isEqualTo("MISS");
        assertThat(miss.body()).hasSize(12288).matches("a+");
        Answer hit = get("main", "/products?color=red");
        assertThat(nextCalls).hasValue(1);
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.headers().get("content-type")).isEqualTo("text/plain");
        // the stored headers leave the framing to whoever writes the hit
        assertThat(hit.headers().contains("content-length")).isFalse();
        // written, not dropped: the backend body was never discarded
        assertThat(discarded).hasValue(0);
    }

    @Test
    @DisplayName("a reply whose announced bytes have all passed is stored even if the client leaves before the body ends")
    void aWholeReplyIsStoredThoughTheClientLeavesBeforeItsEnd() {
        // the backend's last bytes reach the client before the backend's end of body reaches the gateway: a client
        // that closes its connection at once cancels the body in between
        backend = n -> Reply.streaming(200, new DefaultHttpHeaders().set("content-length", "2048"),
                pooled(2, 1024, 'x').concatWith(Flux.never()), () -> { });
        readTwoBuffersThenLeave(step("main").apply(exchange("main", "/products?color=red"), next)
                .block(Duration.ofSeconds(10)));
        assertThat(entries("main")).isEqualTo(1);
        assertThat(get("main", "/products?color=red").cache()).isEqualTo("HIT");
        assertThat(nextCalls).hasValue(1);
    }

    /** A client that reads a miss's first two buffers and goes away (the body is cancelled). */
    private static void readTwoBuffersThenLeave(Reply miss) {
        StepVerifier.create(miss.body().doOnNext(ByteBuf::release), 2)
                .expectNextCount(2)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aReplyCutShortOfItsLengthIsNotStored() {
        backend = n -> Reply.streaming(200, new DefaultHttpHeaders().set("content-length", "4096"),
                pooled(2, 1024, 'x').concatWith(Flux.never()), () -> { });
        readTwoBuffersThenLeave(step("main").apply(exchange("main", "/products?color=red"), next)
                .block(Duration.ofSeconds(10)));
        assertThat(entries("main")).isZero();
    }

    @Test
    void aMissWhoseReplyIsDroppedStoresNothingAndReleasesTheBackendBody() {
        AtomicInteger discarded = new AtomicInteger();
        backend = n -> Reply.streaming(200, new DefaultHttpHeaders(), pooled(2, 1024, 'x'), discarded::incrementAndGet);
        Reply dropped = step("main").apply(exchange("main", "/products?color=red"), next).block(Duration.ofSeconds(10));
        dropped.discard();
        assertThat(discarded).hasValue(1);
        assertThat(entries("main")).isZero();
        Answer again = get("main", "/products?color=red");
        assertThat(again.cache()).isEqualTo("MISS");
        assertThat(again.body()).hasSize(2048);
        assertThat(nextCalls).hasValue(2);
    }
}
