package io.tollgate.core.usage.redis;

import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class RedisQuotaStoreTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private String prefix;
    private RedisQuotaStore store;
    private long start;

    @BeforeEach
    void createStore() {
        prefix = redis.newPrefix();
        store = new RedisQuotaStore(redis.connector(), prefix, TIMEOUT);
        start = System.currentTimeMillis() / DAY * DAY;
    }

    private long increment(RedisQuotaStore store, String key) {
        return store.increment(key, start, start + DAY).block(Duration.ofSeconds(5));
    }

    @Test
    void countsPerKeyAndPeriodAndAnswersZeroForNone() {
        assertThat(increment(store, "a")).isEqualTo(1);
        assertThat(increment(store, "a")).isEqualTo(2);
        assertThat(increment(store, "a")).isEqualTo(3);
        assertThat(increment(store, "b")).isEqualTo(1);
        StepVerifier.create(store.increment("a", start + DAY, start + 2 * DAY)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(store.get("a", start)).expectNext(3L).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(store.get("b", start)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(store.get("a", start + DAY)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(store.get("a", start - DAY)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(store.get("never", start)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.keys(prefix)).containsExactly(prefix + "quota:" + start + ":a",
                prefix + "quota:" + start + ":b", prefix + "quota:" + (start + DAY) + ":a");
        assertThat(store.redisKey("a", start)).isEqualTo(prefix + "quota:" + start + ":a");
    }

    @Test
    void aCounterExpiresAnHourAfterItsPeriodEnds() {
        long now = System.currentTimeMillis();
        store.increment("k", now, now + DAY).block(TIMEOUT);

        long ttl = redis.redis().pttl(store.redisKey("k", now));
        long expected = DAY + HOUR;
        assertThat(ttl).isBetween(expected - 10_000, expected);

        // the second increment keeps the same end
        store.increment("k", now, now + DAY).block(TIMEOUT);
        assertThat(redis.redis().pttl(store.redisKey("k", now))).isBetween(expected - 10_000, expected);
    }

    @Test
    void aPeriodThatHasJustEndedCanStillBeRead() {
        long now = System.currentTimeMillis();
        long periodStart = now - DAY;
        long periodEnd = now - Duration.ofMinutes(10).toMillis();
        store.increment("k", periodStart, periodEnd).block(TIMEOUT);

        StepVerifier.create(store.get("k", periodStart)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.redis().pttl(store.redisKey("k", periodStart)))
                .isBetween(Duration.ofMinutes(50).toMillis() - 10_000, Duration.ofMinutes(50).toMillis());
    }

    @Test
    void aPeriodLongOverIsNotKept() {
        long now = System.currentTimeMillis();
        long periodStart = now - 3 * DAY;
        StepVerifier.create(store.increment("k", periodStart, now - 2 * DAY)).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(store.get("k", periodStart)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.keys(prefix)).isEmpty();
    }

    @Test
    void twoInstancesWithTheirOwnConnectionsShareOneCounter() {
        RedisQuotaStore other = new RedisQuotaStore(redis.connector(), prefix, TIMEOUT);
        assertThat(increment(store, "shared")).isEqualTo(1);
        assertThat(increment(other, "shared")).isEqualTo(2);
        assertThat(increment(store, "shared")).isEqualTo(3);
        StepVerifier.create(other.get("shared", start)).expectNext(3L).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void concurrentIncrementsOnTwoInstancesAreExact() {
        RedisQuotaStore[] stores = {store, new RedisQuotaStore(redis.connector(), prefix, TIMEOUT)};

        List<Long> counts = Flux.range(0, 8)
                .flatMap(worker -> Flux.range(0, 50)
                        .flatMap(i -> stores[(worker + i) % 2].increment("hammered", start, start + DAY), 4), 8)
                .collectList().block(Duration.ofSeconds(30));

        assertThat(counts).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
        StepVerifier.create(store.get("hammered", start)).expectNext(400L).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void countersDeletedMidPeriodStartAgainFromOne() {
        increment(store, "k");
        increment(store, "k");
        redis.deleteKeys(prefix);

        StepVerifier.create(store.get("k", start)).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(increment(store, "k")).isEqualTo(1);
    }

    @Test
    void aScriptRedisDoesNotKnowYetIsSentOnceWholeThenBySha() {
        LuaScript script = new LuaScript("-- " + UUID.randomUUID() + "\nreturn redis.call('INCR', KEYS[1])",
                ScriptOutputType.INTEGER);
        RedisConnector connector = redis.connector();
        String key = prefix + "script";
        assertThat(redis.redis().scriptExists(script.sha())).containsExactly(false);

        StepVerifier.create(script.<Long>run(connector, TIMEOUT, new String[] {key})).expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.redis().scriptExists(script.sha())).containsExactly(true);
        StepVerifier.create(script.<Long>run(connector, TIMEOUT, new String[] {key})).expectNext(2L).expectComplete().verify(Duration.ofSeconds(10));
    }
}
