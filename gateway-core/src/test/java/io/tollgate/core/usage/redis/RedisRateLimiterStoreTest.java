package io.tollgate.core.usage.redis;

import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.Metered;
import io.tollgate.core.usage.RateLimiterStore;
import io.tollgate.core.usage.ThrottleResult;
import io.tollgate.testsupport.MutableTimeMeter;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisRateLimiterStoreTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long SECOND = 1_000_000_000L;

    private final MutableTimeMeter clock = MutableTimeMeter.now();
    private String prefix;
    private RedisRateLimiterStore store;

    @BeforeEach
    void createStore() {
        prefix = redis.newPrefix();
        store = new RedisRateLimiterStore(redis.connector(), prefix, TIMEOUT, clock);
    }

    /** What a check gave, without when the bucket is full again (checksTellWhenTheBucketIsFullAgain has that). */
    private static ThrottleResult consume(RateLimiterStore store, String key, Throttle limits) {
        return withoutReset(store.tryConsume(key, limits).block(Duration.ofSeconds(5)));
    }

    static ThrottleResult withoutReset(ThrottleResult result) {
        return new ThrottleResult(result.allowed(), result.remaining(), result.nanosToWait());
    }

    private static List<ThrottleResult> withoutReset(List<ThrottleResult> results) {
        return results.stream().map(RedisRateLimiterStoreTest::withoutReset).toList();
    }

    /** Runs the same consumptions and clock moves on both stores; answers what each gave. */
    private List<List<ThrottleResult>> sameSequence(Throttle limits, long[] consumptionsThenNanos) {
        LocalRateLimiterStore local = new LocalRateLimiterStore(clock, 100);
        List<ThrottleResult> fromLocal = new ArrayList<>();
        List<ThrottleResult> fromRedis = new ArrayList<>();
        for (int i = 0; i < consumptionsThenNanos.length; i += 2) {
            for (int n = 0; n < consumptionsThenNanos[i]; n++) {
                fromLocal.add(local.consume("k", limits));
                fromRedis.add(store.tryConsume("k", limits).block(Duration.ofSeconds(5)));
            }
            clock.advance(Duration.ofNanos(consumptionsThenNanos[i + 1]));
        }
        return List.of(fromLocal, fromRedis);
    }

    @Test
    void checksGoOnWhenRedisForgetsItsScripts() {
        Throttle limits = new Throttle(1, 3);
        assertThat(consume(store, "scripts", limits).allowed()).isTrue();
        // checks send the script's digest; a Redis that lost its script cache gets the text once more
        redis.redis().scriptFlush();
        assertThat(consume(store, "scripts", limits).remaining()).isEqualTo(1);
        assertThat(consume(store, "scripts", limits).remaining()).isZero();
        assertThat(consume(store, "scripts", limits).allowed()).isFalse();
    }

    @Test
    void burstThenRefusalsCountDownAsTheLocalStoreDoes() {
        List<List<ThrottleResult>> results = sameSequence(new Throttle(2, 5),
                new long[] {7, SECOND / 4, 2, SECOND, 4, 10 * SECOND, 7, 0});

        assertThat(results.get(1)).isEqualTo(results.get(0)).hasSize(20);
        assertThat(withoutReset(results.get(1).subList(0, 7))).containsExactly(
                new ThrottleResult(true, 4, 0), new ThrottleResult(true, 3, 0), new ThrottleResult(true, 2, 0),
                new ThrottleResult(true, 1, 0), new ThrottleResult(true, 0, 0),
                new ThrottleResult(false, 0, SECOND / 2), new ThrottleResult(false, 0, SECOND / 2));
        assertThat(results.get(1).subList(13, 20)).extracting(ThrottleResult::allowed)
                .containsExactly(true, true, true, true, true, false, false);
    }

    @Test
    void fractionalRatesRefillAsTheLocalStoreDoes() {
        List<List<ThrottleResult>> results = sameSequence(new Throttle(0.5, 2),
                new long[] {3, SECOND, 1, SECOND, 2, 3 * SECOND, 3, 0});

        assertThat(results.get(1)).isEqualTo(results.get(0)).hasSize(9);
        assertThat(withoutReset(results.get(1).get(2))).isEqualTo(new ThrottleResult(false, 0, 2 * SECOND));
        assertThat(withoutReset(results.get(1).get(3))).isEqualTo(new ThrottleResult(false, 0, SECOND));
        assertThat(withoutReset(results.get(1).get(4))).isEqualTo(new ThrottleResult(true, 0, 0));
    }

    @Test
    void refillsAsTheClockMovesAndNeverAboveTheBurst() {
        Throttle limits = new Throttle(1, 3);
        for (long remaining = 2; remaining >= 0; remaining--) {
            assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(true, remaining, 0));
        }
        assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(false, 0, SECOND));

        clock.advance(Duration.ofMillis(400));
        assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(false, 0, SECOND * 6 / 10));
        clock.advance(Duration.ofMillis(600));
        assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(true, 0, 0));

        clock.advance(Duration.ofHours(1));
        assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(true, 2, 0));
    }

    @Test
    void bucketsAreNamedByKeyAndLimitsAndExpireOnceTheyWouldHaveRefilled() {
        consume(store, "api:GET /pets", new Throttle(10, 10));
        consume(store, "slow", new Throttle(0.5, 1));

        String fast = prefix + "bucket:10:10:api:GET /pets";
        String slow = prefix + "bucket:0.5:1:slow";
        assertThat(store.redisKey("api:GET /pets", new Throttle(10, 10))).isEqualTo(fast);
        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(fast, slow);
        // one token short: 100 ms to refill, then kept for KEEP_AFTER_REFILL (1 s)
        assertThat(redis.redis().pttl(fast)).isBetween(700L, 1_100L);
        // one token at 0.5/s: 2 s, then 1 s
        assertThat(redis.redis().pttl(slow)).isBetween(2_600L, 3_000L);

        clock.advance(Duration.ofMillis(50));
        consume(store, "api:GET /pets", new Throttle(10, 10));
        // 1.5 tokens short now: 150 ms, then 1 s
        assertThat(redis.redis().pttl(fast)).isBetween(950L, 1_150L);
    }

    @Test
    void checksTellWhenTheBucketIsFullAgain() {
        Throttle limits = new Throttle(1, 3);
        List<Long> resets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            resets.add(store.tryConsume("k", limits).block(Duration.ofSeconds(5)).nanosToReset());
        }
        assertThat(resets).containsExactly(SECOND, 2 * SECOND, 3 * SECOND, 3 * SECOND);
        clock.advance(Duration.ofMillis(2_500));
        assertThat(store.tryConsume("k", limits).block(Duration.ofSeconds(5)))
                .isEqualTo(new ThrottleResult(true, 1, 0, 1_500_000_000L));
    }

    @Test
    void withoutAClockTheBucketsKeepRedissTime() {
        RedisRateLimiterStore onRedisTime = new RedisRateLimiterStore(redis.connector(), prefix, TIMEOUT);
        Throttle limits = new Throttle(0.001, 3);
        List<ThrottleResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(onRedisTime.tryConsume("server-time", limits).block(Duration.ofSeconds(5)));
        }
        assertThat(results).extracting(ThrottleResult::allowed).containsExactly(true, true, true, false);
        assertThat(results).extracting(ThrottleResult::remaining).containsExactly(2L, 1L, 0L, 0L);
        // a token every 1,000 s: the refusal waits for (almost) a whole one, on Redis's clock
        assertThat(results.get(3).nanosToWait()).isBetween(990 * SECOND, 1_000 * SECOND);
        assertThat(redis.redis().pttl(onRedisTime.redisKey("server-time", limits))).isBetween(3_000_000L, 3_001_000L);
    }

    @Test
    void aQuotaIsCountedInTheSameScriptOnlyWhenATokenWasTaken() {
        RedisConnector connector = redis.connector();
        RedisRateLimiterStore store = new RedisRateLimiterStore(connector, prefix, TIMEOUT, clock);
        RedisQuotaStore quotas = new RedisQuotaStore(connector, prefix, TIMEOUT);
        Throttle limits = new Throttle(1, 2);
        long start = System.currentTimeMillis();
        long end = start + 86_400_000L;
        // Redis knows the script (another test may have flushed them): later checks send its digest only
        store.tryConsume("warm-up", limits).block(Duration.ofSeconds(5));
        long evalsBefore = commandCalls("evalsha") + commandCalls("eval");
        List<Metered> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(store.tryConsumeAndCount("{id}plan:gold:", limits, quotas, "{id}quota:gold", start, end)
                    .block(Duration.ofSeconds(5)));
        }
        assertThat(results).extracting(Metered::count).containsExactly(1L, 2L, 0L);
        assertThat(results).extracting(m -> m.throttle().allowed()).containsExactly(true, true, false);
        assertThat(quotas.get("{id}quota:gold", start).block(Duration.ofSeconds(5))).isEqualTo(2);
        // one script per check, nothing else sent: one round trip
        assertThat(commandCalls("evalsha") + commandCalls("eval") - evalsBefore).isEqualTo(3);
        // the counter keeps the quota store's expiry: the period's end plus its grace
        assertThat(redis.redis().pttl(quotas.redisKey("{id}quota:gold", start)))
                .isBetween(86_400_000L + RedisQuotaStore.GRACE.toMillis() - 60_000, 86_400_000L + RedisQuotaStore.GRACE.toMillis());
    }

    /** How many times Redis ran {@code command}, from INFO commandstats. */
    private static long commandCalls(String command) {
        String stats = redis.redis().info("commandstats");
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void concurrentChecksOfOneBucketGoTogetherAndGetWhatEachWouldAlone() {
        RedisRateLimiterStore store = new RedisRateLimiterStore(redis.connector(), prefix, TIMEOUT, clock);
        Throttle limits = new Throttle(0.001, 150);
        store.tryConsume("warm-up", limits).block(Duration.ofSeconds(5));
        long scriptsBefore = commandCalls("evalsha") + commandCalls("eval");

        List<ThrottleResult> results = Flux.range(0, 200)
                .flatMap(i -> store.tryConsume("hot", limits), 200)
                .collectList().block(Duration.ofSeconds(30));

        long scripts = commandCalls("evalsha") + commandCalls("eval") - scriptsBefore;
        assertThat(scripts).as("scripts for 200 concurrent checks").isLessThan(100);
        assertThat(results.stream().filter(ThrottleResult::allowed)).hasSize(150)
                .extracting(ThrottleResult::remaining)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 150).boxed().toList());
        assertThat(results.stream().filter(r -> !r.allowed())).hasSize(50)
                .allSatisfy(refused -> assertThat(refused.nanosToWait()).isEqualTo(1_000 * SECOND));
    }

    @Test
    void aPrefixWithBracesIsRefused() {
        assertThatThrownBy(() -> new RedisRateLimiterStore(redis.connector(), "tollgate:{x}:", TIMEOUT))
                .hasMessageContaining("must not contain '{' or '}'");
    }

    @Test
    void newLimitsForAKeyStartANewFullBucket() {
        Throttle before = new Throttle(1, 2);
        consume(store, "k", before);
        consume(store, "k", before);
        assertThat(consume(store, "k", before).allowed()).isFalse();

        assertThat(consume(store, "k", new Throttle(1, 5))).isEqualTo(new ThrottleResult(true, 4, 0));
        assertThat(consume(store, "k", before).allowed()).isFalse();
    }

    @Test
    void twoInstancesWithTheirOwnConnectionsShareOneBucket() {
        RedisRateLimiterStore other = new RedisRateLimiterStore(redis.connector(), prefix, TIMEOUT, clock);
        Throttle limits = new Throttle(1, 4);
        List<ThrottleResult> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(consume(i % 2 == 0 ? store : other, "shared", limits));
        }

        assertThat(results).containsExactly(new ThrottleResult(true, 3, 0), new ThrottleResult(true, 2, 0),
                new ThrottleResult(true, 1, 0), new ThrottleResult(true, 0, 0),
                new ThrottleResult(false, 0, SECOND), new ThrottleResult(false, 0, SECOND));
        clock.advance(Duration.ofSeconds(1));
        assertThat(consume(other, "shared", limits)).isEqualTo(new ThrottleResult(true, 0, 0));
        assertThat(consume(store, "shared", limits).allowed()).isFalse();
    }

    @Test
    void concurrentSubscribersOnTwoInstancesGetExactlyTheBurst() {
        RedisRateLimiterStore other = new RedisRateLimiterStore(redis.connector(), prefix, TIMEOUT, clock);
        RedisRateLimiterStore[] stores = {store, other};
        Throttle limits = new Throttle(0.001, 50);

        List<ThrottleResult> results = Flux.range(0, 8)
                .flatMap(worker -> Flux.range(0, 25)
                        .concatMap(i -> stores[worker % 2].tryConsume("hammered", limits)), 8)
                .collectList().block(Duration.ofSeconds(30));

        assertThat(results).hasSize(200);
        List<ThrottleResult> allowed = results.stream().filter(ThrottleResult::allowed).toList();
        assertThat(allowed).hasSize(50);
        assertThat(allowed).extracting(ThrottleResult::remaining)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 50).boxed().toList());
        assertThat(results.stream().filter(r -> !r.allowed())).hasSize(150)
                .allSatisfy(refused -> assertThat(refused.nanosToWait()).isEqualTo(1_000 * SECOND));
    }

    @Test
    void bucketsDeletedMidRunStartFullAgain() {
        Throttle limits = new Throttle(1, 3);
        for (int i = 0; i < 4; i++) {
            consume(store, "k", limits);
        }
        assertThat(consume(store, "k", limits).allowed()).isFalse();

        assertThat(redis.deleteKeys(prefix)).isEqualTo(1);

        assertThat(consume(store, "k", limits)).isEqualTo(new ThrottleResult(true, 2, 0));
        assertThat(redis.keys(prefix)).hasSize(1);
    }

    @Test
    void aTimeoutMustBePositive() {
        RedisConnector connector = redis.connector();
        assertThatThrownBy(() -> new RedisRateLimiterStore(connector, prefix, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisQuotaStore(connector, prefix, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisApiKeyRepository(connector, prefix, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixesKeepStoresApart() {
        RedisRateLimiterStore elsewhere = new RedisRateLimiterStore(redis.connector(), redis.newPrefix(), TIMEOUT, clock);
        Throttle limits = new Throttle(1, 1);
        assertThat(consume(store, "k", limits).allowed()).isTrue();
        assertThat(consume(store, "k", limits).allowed()).isFalse();
        assertThat(consume(elsewhere, "k", limits).allowed()).isTrue();
    }
}
