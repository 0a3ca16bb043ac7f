package io.tollgate.core.usage.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.testsupport.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RedisApiKeyRepositoryTest {

    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");

    private String prefix;
    private RedisApiKeyRepository keys;

    @BeforeEach
    void createRepository() {
        prefix = redis.newPrefix();
        keys = new RedisApiKeyRepository(redis.connector(), prefix, TIMEOUT);
    }

    private static ApiKey key(String id, String value) {
        return new ApiKey(id, "name of " + id, value, true, Set.of("gold", "silver"), CREATED);
    }

    private static String value(char c) {
        return String.valueOf(c).repeat(24);
    }

    private ApiKey save(ApiKey key) {
        return keys.save(key).block(TIMEOUT);
    }

    @Test
    void keysOfTheLayoutWithoutHashTagsAreMovedByTheFirstOperation() {
        save(key("k1", value('a')));
        save(key("k2", value('b')));
        // as an earlier version left them: no hash tag
        for (String id : List.of("k1", "k2")) {
            redis.redis().rename(prefix + "{apikeys}:id:" + id, prefix + "apikey:id:" + id);
        }
        redis.redis().rename(prefix + "{apikeys}:value:" + value('a'), prefix + "apikey:value:" + value('a'));
        redis.redis().rename(prefix + "{apikeys}:value:" + value('b'), prefix + "apikey:value:" + value('b'));
        redis.redis().rename(prefix + "{apikeys}", prefix + "apikeys");
        // and one key this version saved meanwhile, whose old copy must not win
        redis.redis().hset(prefix + "apikey:id:k3", Map.of("id", "k3", "value", value('c'), "enabled", "true"));
        redis.redis().set(prefix + "apikey:value:" + value('c'), "k3");
        redis.redis().sadd(prefix + "apikeys", "k3");
        RedisApiKeyRepository upgraded = new RedisApiKeyRepository(redis.connector(), prefix, TIMEOUT);
        ApiKey newer = new ApiKey("k3", "newer", value('d'), true, Set.of("gold"), CREATED);
        upgraded.save(newer).block(TIMEOUT);

        StepVerifier.create(upgraded.findByValue(value('a'))).expectNext(key("k1", value('a'))).expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(upgraded.findAll().map(ApiKey::id)).expectNext("k1", "k2", "k3").expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(upgraded.findById("k3").block(TIMEOUT)).isEqualTo(newer);
        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(prefix + "{apikeys}:id:k1", prefix + "{apikeys}:id:k2",
                prefix + "{apikeys}:id:k3", prefix + "{apikeys}:value:" + value('a'),
                prefix + "{apikeys}:value:" + value('b'), prefix + "{apikeys}:value:" + value('d'), prefix + "{apikeys}");
    }

    @Test
    void savedKeysAreFoundByValueAndIdAsHashesWithAValueIndexAndASetOfIds() {
        ApiKey key = key("k1", value('a'));
        StepVerifier.create(keys.save(key)).expectNext(key).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(keys.findByValue(value('a'))).expectNext(key).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("k1")).expectNext(key).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findByValue(value('b'))).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("nope")).expectComplete().verify(Duration.ofSeconds(10));

        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(prefix + "{apikeys}:id:k1",
                prefix + "{apikeys}:value:" + value('a'), prefix + "{apikeys}");
        assertThat(redis.redis().hgetall(prefix + "{apikeys}:id:k1")).isEqualTo(Map.of("id", "k1", "name", "name of k1",
                "value", value('a'), "enabled", "true", "usagePlans", "gold,silver",
                "createdAt", "2026-01-02T03:04:05.123456789Z"));
        assertThat(redis.redis().get(prefix + "{apikeys}:value:" + value('a'))).isEqualTo("k1");
        assertThat(redis.redis().smembers(prefix + "{apikeys}")).containsExactly("k1");
    }

    @Test
    void optionalFieldsAndOddPlanNamesSurvive() {
        ApiKey bare = new ApiKey("bare", null, value('b'), false, Set.of(), null);
        ApiKey odd = new ApiKey("odd", "ünïcødé", value('o'), true, Set.of("a,b", "c\\d", "e\\,f", " "), CREATED);
        save(bare);
        save(odd);

        StepVerifier.create(keys.findByValue(value('b'))).expectNext(bare).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("odd")).expectNext(odd).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.redis().hkeys(prefix + "{apikeys}:id:bare")).containsExactlyInAnyOrder("id", "value", "enabled",
                "usagePlans");
    }

    @Test
    void anUpdateReplacesTheKeyAndMovesItsValueIndex() {
        save(key("k1", value('a')));
        ApiKey updated = new ApiKey("k1", "renamed", value('z'), false, Set.of("bronze"), CREATED);
        StepVerifier.create(keys.save(updated)).expectNext(updated).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(keys.findByValue(value('a'))).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findByValue(value('z'))).expectNext(updated).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("k1")).expectNext(updated).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(prefix + "{apikeys}:id:k1",
                prefix + "{apikeys}:value:" + value('z'), prefix + "{apikeys}");

        ApiKey renamedOnly = new ApiKey("k1", "again", value('z'), true, Set.of(), CREATED);
        save(renamedOnly);
        StepVerifier.create(keys.findByValue(value('z'))).expectNext(renamedOnly).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.keys(prefix)).hasSize(3);
    }

    @Test
    void aValueBelongsToOneKeyOnly() {
        ApiKey first = save(key("k1", value('a')));
        save(key("k2", value('b')));

        StepVerifier.create(keys.save(key("k3", value('a'))))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("another key (k1) has this value"))
                .verify(TIMEOUT);
        StepVerifier.create(keys.save(key("k2", value('a'))))
                .expectError(IllegalArgumentException.class).verify(TIMEOUT);

        StepVerifier.create(keys.findByValue(value('a'))).expectNext(first).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findByValue(value('b'))).expectNextMatches(k -> k.id().equals("k2")).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("k3")).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.redis().smembers(prefix + "{apikeys}")).containsExactlyInAnyOrder("k1", "k2");
    }

    @Test
    void concurrentSavesOfOneValueLetExactlyOneKeyHaveIt() {
        List<String> outcomes = Flux.range(0, 8)
                .flatMap(i -> keys.save(key("c" + i, value('c'))).map(saved -> "saved")
                        .onErrorResume(IllegalArgumentException.class, refused -> Mono.just("refused")), 8)
                .collectList().block(Duration.ofSeconds(10));

        assertThat(outcomes).hasSize(8).containsOnlyOnce("saved");
        assertThat(keys.findAll().collectList().block(TIMEOUT)).singleElement()
                .satisfies(owner -> assertThat(owner.value()).isEqualTo(value('c')));
    }

    @Test
    void findAllListsEveryKeyByIdAndDeleteRemovesAllTraces() {
        ApiKey b = save(key("b", value('b')));
        ApiKey a = save(key("a", value('a')));
        ApiKey c = save(key("c", value('c')));
        StepVerifier.create(keys.findAll()).expectNext(a, b, c).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(keys.delete("b")).expectNext(true).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.delete("b")).expectNext(false).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.delete("never")).expectNext(false).expectComplete().verify(Duration.ofSeconds(10));

        StepVerifier.create(keys.findAll()).expectNext(a, c).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findByValue(value('b'))).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findById("b")).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(prefix + "{apikeys}:id:a", prefix + "{apikeys}:id:c",
                prefix + "{apikeys}:value:" + value('a'), prefix + "{apikeys}:value:" + value('c'), prefix + "{apikeys}");

        // the value is free again
        save(key("d", value('b')));
        StepVerifier.create(keys.findByValue(value('b'))).expectNextMatches(k -> k.id().equals("d")).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void twoInstancesWithTheirOwnConnectionsShareTheKeys() {
        RedisApiKeyRepository other = new RedisApiKeyRepository(redis.connector(), prefix, TIMEOUT);
        ApiKey key = save(key("k1", value('a')));

        StepVerifier.create(other.findByValue(value('a'))).expectNext(key).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(other.save(key("k2", value('a')))).expectError(IllegalArgumentException.class)
                .verify(TIMEOUT);
        StepVerifier.create(other.delete("k1")).expectNext(true).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findByValue(value('a'))).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void anIndexLeftBehindByHandNeitherFindsNorBlocks() {
        save(key("k1", value('a')));
        // someone deletes the hash (and the set entry) by hand: the value index points at nothing
        redis.redis().del(prefix + "{apikeys}:id:k1");
        redis.redis().srem(prefix + "{apikeys}", "k1");

        StepVerifier.create(keys.findByValue(value('a'))).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.findAll()).expectComplete().verify(Duration.ofSeconds(10));
        ApiKey taker = save(key("k2", value('a')));
        StepVerifier.create(keys.findByValue(value('a'))).expectNext(taker).expectComplete().verify(Duration.ofSeconds(10));

        // an id in the set without a hash is skipped
        redis.redis().sadd(prefix + "{apikeys}", "ghost");
        StepVerifier.create(keys.findAll()).expectNext(taker).expectComplete().verify(Duration.ofSeconds(10));
        // an index entry pointing at a key that has another value finds nothing
        redis.redis().set(prefix + "{apikeys}:value:" + value('x'), "k2");
        StepVerifier.create(keys.findByValue(value('x'))).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void logsAndErrorsNeverShowAWholeValue() {
        Logger logger = (Logger) LoggerFactory.getLogger(RedisApiKeyRepository.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        logger.addAppender(logged);
        try {
            save(key("k1", value('s')));
            StepVerifier.create(keys.save(key("k2", value('s'))))
                    .expectErrorSatisfies(error -> assertThat(error.getMessage()).doesNotContain(value('s')))
                    .verify(TIMEOUT);
        } finally {
            logger.detachAppender(logged);
            logger.setAdditive(true);
            logger.setLevel(level);
        }

        assertThat(logged.list).hasSize(2).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("ssss****").doesNotContain("sssss"));
    }
}
