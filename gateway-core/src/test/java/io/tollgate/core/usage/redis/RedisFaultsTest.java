package io.tollgate.core.usage.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.MutableTimeMeter;
import io.tollgate.testsupport.RedisAvailable;
import io.tollgate.testsupport.TcpForwarder;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis unreachable, cut, slow, or back: errors within the timeout, never a hang, and recovery. */
class RedisFaultsTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long past the timeout an error may come (a loaded machine). */
    private static final Duration SLACK = Duration.ofSeconds(1);
    /**
     * Slow to refill: a bucket's state expires in Redis (real time) once it would have refilled, and these tests take
     * seconds while their bucket clock stands still.
     */
    private static final Throttle LIMITS = new Throttle(0.01, 3);

    private final MutableTimeMeter clock = MutableTimeMeter.now();
    private final String prefix = redis.newPrefix();
    private final String value = "v".repeat(24);
    private TcpForwarder forwarder;

    private record Stores(RedisRateLimiterStore buckets, RedisQuotaStore quotas, RedisApiKeyRepository keys) {
    }

    @BeforeEach
    void startForwarder() {
        forwarder = new TcpForwarder(RedisAvailable.PORT);
        // the first connection through it starts Reactor Netty's client: not in a measured operation
        try (StatefulRedisConnection<String, String> warmUp = redis.client().connect(TestRedis.uri(forwarder.port()))) {
            assertThat(warmUp.sync().ping()).isEqualTo("PONG");
        }
    }

    @AfterEach
    void stopForwarder() {
        forwarder.close();
    }

    private Stores stores(RedisConnector connector) {
        return new Stores(new RedisRateLimiterStore(connector, prefix, TIMEOUT, clock),
                new RedisQuotaStore(connector, prefix, TIMEOUT), new RedisApiKeyRepository(connector, prefix, TIMEOUT));
    }

    private ApiKey apiKey(String id) {
        return new ApiKey(id, id, value, true, Set.of(), null);
    }

    /** One of each operation of the three stores. */
    private List<Supplier<Publisher<?>>> everyOperation(Stores stores) {
        return List.of(() -> stores.buckets().tryConsume("k", LIMITS), () -> stores.quotas().increment("k", 0, 1),
                () -> stores.quotas().get("k", 0), () -> stores.keys().findByValue(value),
                () -> stores.keys().findById("id"), () -> stores.keys().findAll(),
                () -> stores.keys().save(apiKey("id")), () -> stores.keys().delete("id"));
    }

    /** {@code operation} fails within the timeout (and a little slack) with an {@code expected} error. */
    private static void failsInTime(Supplier<Publisher<?>> operation, Class<? extends Throwable> expected) {
        long start = System.nanoTime();
        StepVerifier.create(operation.get())
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(expected);
                    if (error instanceof TimeoutException) {
                        assertThat(error).hasMessage("Redis did not answer within 1000 ms");
                    }
                })
                .verify(TIMEOUT.plus(SLACK).plus(SLACK));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
    }

    /** {@code operation} retried (100 ms apart, for at most about 20 s) until it succeeds. */
    private static <T> Mono<T> eventually(Supplier<Mono<T>> operation) {
        return Mono.defer(operation).retryWhen(Retry.fixedDelay(200, Duration.ofMillis(100)));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableRedisGivesErrorsAtOnceFromEveryOperation() throws IOException {
        Stores stores = stores(redis.connector(closedPort()));

        for (Supplier<Publisher<?>> operation : everyOperation(stores)) {
            failsInTime(operation, RedisConnectionException.class);
        }
    }

    @Test
    void storesCreatedWhileRedisIsUnreachableWorkOnceItIs() {
        forwarder.cut();
        Stores stores = stores(redis.connector(forwarder.port()));
        for (Supplier<Publisher<?>> operation : everyOperation(stores)) {
            failsInTime(operation, Exception.class);
        }

        forwarder.restore();

        StepVerifier.create(eventually(() -> stores.buckets().tryConsume("k", LIMITS))
                        .map(RedisRateLimiterStoreTest::withoutReset))
                .expectNext(new ThrottleResult(true, 2, 0)).expectComplete().verify(Duration.ofSeconds(30));
        StepVerifier.create(stores.quotas().increment("k", 0, Long.MAX_VALUE / 2)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(stores.keys().save(apiKey("id"))).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(stores.keys().findByValue(value)).expectNext(apiKey("id")).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void aConnectionCutWhileInUseFailsInTimeAndRecoversWithTheStateRedisKept() {
        Stores stores = stores(redis.connector(forwarder.port()));
        StepVerifier.create(stores.buckets().tryConsume("k", LIMITS).map(RedisRateLimiterStoreTest::withoutReset))
                .expectNext(new ThrottleResult(true, 2, 0))
                .expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(stores.quotas().increment("k", 0, Long.MAX_VALUE / 2)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));

        forwarder.cut();
        failsInTime(() -> stores.buckets().tryConsume("k", LIMITS), Exception.class);
        failsInTime(() -> stores.quotas().get("k", 0), Exception.class);
        failsInTime(() -> stores.keys().findById("id"), Exception.class);

        forwarder.restore();
        StepVerifier.create(eventually(() -> stores.quotas().get("k", 0))).expectNext(1L).expectComplete()
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(stores.buckets().tryConsume("k", LIMITS).map(RedisRateLimiterStoreTest::withoutReset))
                .expectNext(new ThrottleResult(true, 1, 0))
                .expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void aSlowRedisGivesTimeoutErrorsAndNothingWaitsLongerThanTheTimeout() {
        Stores stores = stores(redis.connector(forwarder.port()));
        StepVerifier.create(stores.quotas().get("k", 0)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));

        forwarder.delayReplies(Duration.ofSeconds(3));
        for (Supplier<Publisher<?>> operation : everyOperation(stores)) {
            failsInTime(operation, TimeoutException.class);
        }

        forwarder.delayReplies(Duration.ZERO);
        StepVerifier.create(eventually(() -> stores.quotas().get("other", 0))).expectNext(0L).expectComplete()
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(stores.keys().findById("nobody")).expectComplete().verify(Duration.ofSeconds(10));
    }

    /**
     * A Redis that stops answering while keys are checked: every request is refused by the fail-closed policy at the
     * store timeout, each failure is counted, and no error ever reaches a subscriber that has gone (Reactor's
     * onErrorDropped, which logs a stack trace): the stores end their work at their timeout, and the usage stage's own
     * bound comes later. Before, both timers fired together and raced, dropping errors.
     */
    @Test
    void requestsOnASilentRedisAreRefusedInTimeAndDropNoError() {
        Duration timeout = Duration.ofMillis(50);
        RedisConnector connector = redis.connector(forwarder.port());
        RedisQuotaStore quotas = new RedisQuotaStore(connector, prefix, timeout);
        StepVerifier.create(quotas.get("k", 0)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        UsagePlan plan = new UsagePlan("plan", new Throttle(1_000, 1_000), new Quota(1_000_000, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("api", "$default", Map.of())), Instant.EPOCH);
        UsageControl control = UsageControl.builder().plans(List.of(plan))
                .keys(new InMemoryApiKeyRepository(List.of(new ApiKey("k", "k", value, true, Set.of("plan"), Instant.EPOCH))))
                .limiter(new RedisRateLimiterStore(connector, prefix, timeout)).quotas(quotas)
                .failPolicy(UsageControl.FailPolicy.FAIL_CLOSED).storeTimeout(timeout).build();
        Api api = Api.builder("api").route(new RouteSpec("GET /x", IntegrationSpec.mock(200)).apiKeyRequired(true)).build();
        forwarder.delayReplies(Duration.ofSeconds(10));
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try (GatewayServer server = GatewayServer.start(Gateway.builder().api(api).feature(new UsageFeature(control)).build())) {
            HttpClient client = HttpClient.create().host("127.0.0.1").port(server.port()).headers(h -> h.set("x-api-key", value));
            List<Integer> statuses = Flux.range(0, 400)
                    .flatMap(i -> client.get().uri("/x").responseSingle((response, body) -> body.then(
                            Mono.just(response.status().code()))), 32)
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(statuses).hasSize(400).containsOnly(503);
            assertThat(control.storeFailures()).isEqualTo(400);
            assertThat(dropped).isEmpty();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    /** Checks queued behind a script that gets no answer end at their own deadline, not after it and then theirs. */
    @Test
    void checksWaitingBehindASilentScriptEndByTheStoreTimeout() {
        Duration timeout = Duration.ofMillis(300);
        RedisConnector connector = redis.connector(forwarder.port());
        RedisRateLimiterStore buckets = new RedisRateLimiterStore(connector, prefix, timeout, clock);
        StepVerifier.create(buckets.tryConsume("warm", LIMITS)).expectNextCount(1).expectComplete()
                .verify(Duration.ofSeconds(10));
        forwarder.delayReplies(Duration.ofSeconds(5));
        long start = System.nanoTime();
        List<Throwable> errors = Flux.range(0, 20)
                .flatMap(i -> buckets.tryConsume("hot", LIMITS).map(r -> (Throwable) new AssertionError("answered"))
                        .onErrorResume(error -> Mono.just(error)), 20)
                .collectList().block(Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(errors).hasSize(20).allSatisfy(error -> assertThat(error).isInstanceOf(TimeoutException.class)
                .hasMessage("Redis did not answer within 300 ms"));
        assertThat(took).isLessThan(timeout.plus(Duration.ofMillis(250)));
    }

    @Test
    void aFirstConnectThatGetsNoAnswerTimesOut() {
        forwarder.delayReplies(Duration.ofSeconds(3));
        Stores stores = stores(redis.connector(forwarder.port()));

        failsInTime(() -> stores.buckets().tryConsume("k", LIMITS), TimeoutException.class);
        failsInTime(() -> stores.quotas().get("k", 0), TimeoutException.class);

        forwarder.delayReplies(Duration.ZERO);
        StepVerifier.create(eventually(() -> stores.quotas().get("k", 0))).expectNext(0L).expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aClosedConnectorRefusesWork() {
        RedisConnector connector = redis.connector();
        Stores stores = stores(connector);
        StepVerifier.create(stores.quotas().get("k", 0)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));

        connector.close();

        for (Supplier<Publisher<?>> operation : everyOperation(stores)) {
            failsInTime(operation, IllegalStateException.class);
        }
    }
}
