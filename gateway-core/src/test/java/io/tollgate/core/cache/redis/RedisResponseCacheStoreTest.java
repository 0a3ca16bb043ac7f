package io.tollgate.core.cache.redis;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.cache.CachedResponse;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.RedisAvailable;
import io.tollgate.testsupport.TcpForwarder;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stage cache in the real Redis: entries read back exactly with their TTL, a flush empties one stage for every
 * instance, and a Redis that is away, slow or holds garbage is a miss (or nothing done), quickly, without an error
 * reaching anyone or Reactor's dropped-error hook.
 */
class RedisResponseCacheStoreTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final StageCache SETTINGS = StageCache.of(1_000_000, Duration.ofSeconds(300));

    private final String prefix = redis.newPrefix();
    private final AtomicLong nanos = new AtomicLong();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordDroppedErrors() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void noErrorWasDropped() {
        Hooks.resetOnErrorDropped();
        assertThat(dropped).as("errors handed to Reactor's onErrorDropped").isEmpty();
    }

    private RedisResponseCacheStoreFactory factory(RedisConnector connector) {
        return new RedisResponseCacheStoreFactory(connector, prefix, TIMEOUT, nanos::get);
    }

    private RedisResponseCacheStore store(String api, String stage) {
        return factory(redis.connector()).create(api, stage, SETTINGS);
    }

    private static CachedResponse response(String body) {
        return new CachedResponse(200, new DefaultHttpHeaders().set("content-type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(CachedResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void put(ResponseCacheStore store, String key, CachedResponse response, Duration ttl) {
        store.put(key, response, ttl).block(WAIT);
    }

    private static CachedResponse get(ResponseCacheStore store, String key) {
        return store.get(key).block(WAIT);
    }

    /** Writes {@code value} under {@code key} as Redis bytes, past the store. */
    private static void setRaw(RedisConnector connector, String key, byte[] value) {
        connector.execute(commands -> commands.set(key, value)).join();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anEntryReadsBackWithItsStatusHeadersAndBinaryBody() {
        RedisResponseCacheStore store = store("pets", "prod");
        CachedResponse sample = CachedResponseCodecTest.sample();
        put(store, "GET /pets/1", sample, Duration.ofSeconds(60));

        CachedResponse read = get(store, "GET /pets/1");
        assertThat(read.status()).isEqualTo(203);
        assertThat(CachedResponseCodecTest.headers(read)).isEqualTo(CachedResponseCodecTest.headers(sample));
        assertThat(read.headersCopy().getAll("vary")).containsExactly("Accept", "Accept-Language");
        assertThat(read.body()).isEqualTo(sample.body());
        assertThat(get(store, "GET /pets/2")).isNull();
        // one key, under the stage's prefix, naming a hash of the cache stage's key, never the key itself
        List<String> keys = redis.keys(prefix);
        assertThat(keys).containsExactly(store.redisKey("GET /pets/1"));
        assertThat(keys.get(0)).startsWith(prefix + "cache:pets:prod:").doesNotContain("/pets/1")
                .hasSize((prefix + "cache:pets:prod:").length() + 43);
        assertThat(store.failures()).isZero();
        assertThat(store.stats()).isEqualTo(new ResponseCacheStore.Stats(-1, -1, -1, -1));
    }

    @Test
    void entriesAreStoredWithTheirTtlAndGoneWhenRedisExpiresThem() {
        RedisResponseCacheStore store = store("pets", "prod");
        put(store, "long", response("l"), Duration.ofSeconds(60));
        put(store, "short", response("s"), Duration.ofMillis(1500));
        put(store, "none", response("n"), Duration.ZERO);

        assertThat(redis.redis().pttl(store.redisKey("long"))).isBetween(55_000L, 60_000L);
        assertThat(redis.redis().pttl(store.redisKey("short"))).isBetween(1L, 1_500L);
        assertThat(redis.redis().exists(store.redisKey("none"))).isZero();
        // replacing an entry restarts its TTL
        put(store, "short", response("s2"), Duration.ofSeconds(30));
        assertThat(redis.redis().pttl(store.redisKey("short"))).isBetween(25_000L, 30_000L);

        // Redis expires it (an expiry in the past), and no instance answers it afterwards
        redis.redis().pexpireat(store.redisKey("long"), 1);
        assertThat(get(store, "long")).isNull();
        assertThat(body(get(store, "short"))).isEqualTo("s2");
    }

    @Test
    void aFlushEmptiesOneStageForEveryInstanceAndNoOtherStage() {
        // two instances: their own connections (and factories) on the same Redis and prefix
        RedisResponseCacheStoreFactory first = factory(redis.connector());
        RedisResponseCacheStoreFactory second = factory(redis.connector());
        RedisResponseCacheStore prodHere = first.create("pets", "prod", SETTINGS);
        RedisResponseCacheStore prodThere = second.create("pets", "prod", SETTINGS);
        RedisResponseCacheStore betaHere = first.create("pets", "prod2", SETTINGS);
        RedisResponseCacheStore otherApi = first.create("pets-v2", "prod", SETTINGS);
        // more entries than one SCAN page, so the flush walks several
        Flux.range(0, 2_500).flatMap(i -> prodHere.put("k" + i, response("v" + i), Duration.ofSeconds(60)), 64)
                .blockLast(WAIT);
        put(betaHere, "k1", response("beta"), Duration.ofSeconds(60));
        put(otherApi, "k1", response("other"), Duration.ofSeconds(60));
        redis.redis().set(prefix + "unrelated", "x");

        assertThat(body(get(prodThere, "k1"))).isEqualTo("v1");
        prodThere.flush().block(WAIT);

        assertThat(get(prodHere, "k1")).isNull();
        assertThat(get(prodThere, "k2499")).isNull();
        assertThat(redis.keys(prodHere.keyPrefix())).isEmpty();
        assertThat(body(get(betaHere, "k1"))).isEqualTo("beta");
        assertThat(body(get(otherApi, "k1"))).isEqualTo("other");
        assertThat(redis.redis().get(prefix + "unrelated")).isEqualTo("x");
        assertThat(first.failures() + second.failures()).isZero();
    }

    @Test
    void invalidateRemovesOneEntryForEveryInstance() {
        RedisResponseCacheStore here = store("pets", "prod");
        RedisResponseCacheStore there = store("pets", "prod");
        put(here, "a", response("a"), Duration.ofSeconds(60));
        put(here, "b", response("b"), Duration.ofSeconds(60));

        there.invalidate("a").block(WAIT);

        assertThat(get(here, "a")).isNull();
        assertThat(body(get(here, "b"))).isEqualTo("b");
    }

    @Test
    void aBodyOverOneMegabyteIsNotStored() {
        RedisResponseCacheStore store = store("pets", "prod");
        put(store, "big", new CachedResponse(200, new DefaultHttpHeaders(), new byte[StageCache.MAX_ENTRY_BYTES + 1]),
                Duration.ofSeconds(60));
        put(store, "limit", new CachedResponse(200, new DefaultHttpHeaders(), new byte[StageCache.MAX_ENTRY_BYTES]),
                Duration.ofSeconds(60));

        assertThat(get(store, "big")).isNull();
        assertThat(redis.redis().exists(store.redisKey("big"))).isZero();
        assertThat(get(store, "limit").body()).hasSize(StageCache.MAX_ENTRY_BYTES);
    }

    @Test
    void whatIsNotAnEntryOfThisFormatIsAMissCountedAndLoggedOnce() {
        RedisConnector connector = redis.connector();
        RedisResponseCacheStore store = factory(connector).create("pets", "prod", SETTINGS);
        byte[] valid = CachedResponseCodec.encode(response("ok"));
        byte[] otherVersion = valid.clone();
        otherVersion[0] = 9;
        setRaw(connector, store.redisKey("version"), otherVersion);
        setRaw(connector, store.redisKey("cut"), java.util.Arrays.copyOf(valid, valid.length - 1));
        setRaw(connector, store.redisKey("text"), "{\"status\":200}".getBytes(StandardCharsets.UTF_8));
        setRaw(connector, store.redisKey("empty"), new byte[0]);
        redis.redis().hset(store.redisKey("hash"), "status", "200");

        try (LogCapture log = LogCapture.of(RedisResponseCacheStore.class)) {
            for (String key : List.of("version", "cut", "text", "empty", "hash")) {
                assertThat(get(store, key)).as(key).isNull();
            }
            assertThat(store.failures()).isEqualTo(5);
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0).getFormattedMessage()).contains("pets/prod").contains("read an entry");
        }
        // a store over it replaces it
        put(store, "cut", response("fresh"), Duration.ofSeconds(60));
        assertThat(body(get(store, "cut"))).isEqualTo("fresh");
    }

    @Test
    void anUnreachableRedisIsAMissAtOnceAndAWarningEveryTenSeconds() throws IOException {
        RedisResponseCacheStoreFactory factory = factory(redis.connector(closedPort()));
        RedisResponseCacheStore store = factory.create("pets", "prod", SETTINGS);

        try (LogCapture log = LogCapture.of(RedisResponseCacheStore.class)) {
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(get(store, "k")).isNull();
                put(store, "k", response("v"), Duration.ofSeconds(60));
                store.invalidate("k").block(WAIT);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(4));
            assertThat(factory.failures()).isEqualTo(30);
            assertThat(log.warnings()).hasSize(1);

            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(get(store, "k")).isNull();
            List<ILoggingEvent> lines = log.warnings();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1).getFormattedMessage()).contains("29 more failures since the previous line");
            assertThat(lines).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
        }
        // a flush that cannot reach Redis says so (the operator who asked must know), counted too
        assertThatThrownBy(() -> store.flush().block(WAIT)).isInstanceOf(RuntimeException.class);
        assertThat(factory.failures()).isEqualTo(32);
        assertThat(factory.ping().onErrorResume(e -> Mono.empty()).block(WAIT)).isNull();
    }

    @Test
    void aSlowRedisIsAMissWithinTheTimeoutAndItsLateAnswersAreDroppedSilently() {
        try (TcpForwarder forwarder = new TcpForwarder(RedisAvailable.PORT)) {
            // the first connection through it starts Reactor Netty's client: not in a measured operation
            try (StatefulRedisConnection<String, String> warmUp = redis.client().connect(TestRedis.uri(forwarder.port()))) {
                assertThat(warmUp.sync().ping()).isEqualTo("PONG");
            }
            RedisResponseCacheStoreFactory factory = factory(redis.connector(forwarder.port()));
            RedisResponseCacheStore store = factory.create("pets", "prod", SETTINGS);
            put(store, "k", response("v"), Duration.ofSeconds(60));
            assertThat(body(get(store, "k"))).isEqualTo("v");
            assertThat(factory.ping().block(WAIT)).isPositive();

            forwarder.delayReplies(Duration.ofSeconds(2));
            long started = System.nanoTime();
            assertThat(get(store, "k")).isNull();
            put(store, "k2", response("v2"), Duration.ofSeconds(60));
            store.invalidate("k").block(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(3).plusSeconds(1));
            assertThat(factory.failures()).isEqualTo(3);

            // Redis answered all along, late: once a later answer is back, the late ones have come and gone
            forwarder.delayReplies(Duration.ZERO);
            CachedResponse late = Mono.defer(() -> store.get("k2")
                            .switchIfEmpty(Mono.error(new IllegalStateException("not yet"))))
                    .retryWhen(Retry.fixedDelay(200, Duration.ofMillis(50)))
                    .block(Duration.ofSeconds(30));
            // the store and the invalidation whose answers came late were carried out by Redis all the same
            assertThat(body(late)).isEqualTo("v2");
            assertThat(get(store, "k")).isNull();

            forwarder.cut();
            assertThat(get(store, "k")).isNull();
            assertThat(factory.failures()).isGreaterThan(3);
        }
    }

    @Test
    void namesThatWouldMixStagesAndBadTimeoutsAreRefused() {
        RedisConnector connector = redis.connector();
        assertThatThrownBy(() -> new RedisResponseCacheStore(connector, prefix, "a:b", "c", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisResponseCacheStore(connector, prefix, "a", "", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisResponseCacheStoreFactory(connector, prefix, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RedisResponseCacheStore.glob("a*b?[c]\\d")).isEqualTo("a\\*b\\?\\[c\\]\\\\d");
    }

    @Test
    void concurrentLookupsOfOneEntryShareOneRead() {
        RedisResponseCacheStore store = store("pets", "prod");
        store.put("GET /pets/1", response("rex"), Duration.ofMinutes(5)).block(WAIT);
        assertThat(store.get("GET /pets/1").block(WAIT)).isNotNull();
        long before = getCalls();

        List<String> bodies = reactor.core.publisher.Flux.range(0, 200)
                .flatMap(i -> store.get(i % 2 == 0 ? "GET /pets/1" : "GET /pets/2").map(RedisResponseCacheStoreTest::body)
                        .defaultIfEmpty("miss"), 200)
                .collectList().block(WAIT);

        assertThat(bodies).hasSize(200).containsOnly("rex", "miss");
        assertThat(bodies.stream().filter("rex"::equals)).hasSize(100);
        assertThat(getCalls() - before).as("GETs for 200 concurrent lookups of two entries").isLessThan(100);
        // a lookup after the answer reads again: a write in between is seen
        store.put("GET /pets/2", response("tom"), Duration.ofMinutes(5)).block(WAIT);
        assertThat(body(store.get("GET /pets/2").block(WAIT))).isEqualTo("tom");
    }

    /** How many GETs Redis ran, from INFO commandstats. */
    private static long getCalls() {
        for (String line : redis.redis().info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_get:calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }
}
