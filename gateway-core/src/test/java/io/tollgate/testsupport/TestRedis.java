package io.tollgate.testsupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tollgate.core.redis.RedisConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test Redis for one test class ({@code @RegisterExtension static final TestRedis redis = new TestRedis();}):
 * checks it is there ({@link RedisAvailable}), gives each test its own key prefix under one unique to this run
 * ({@code tollgate-test:<uuid>:}), connectors that are closed after the class, a plain connection to look at what
 * the stores wrote, closes the connectors it made after each test, and deletes this run's keys after the class (never anything else: the Redis may be shared).
 */
public final class TestRedis implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String runPrefix = "tollgate-test:" + UUID.randomUUID() + ":";
    private final AtomicInteger prefixes = new AtomicInteger();
    private final List<RedisConnector> connectors = new CopyOnWriteArrayList<>();
    private RedisClient client;
    private StatefulRedisConnection<String, String> plain;

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisAvailable.require();
        client = RedisClient.create();
        plain = client.connect(uri(RedisAvailable.PORT));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        connectors.forEach(RedisConnector::close);
        connectors.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        connectors.forEach(RedisConnector::close);
        if (plain != null) {
            deleteKeys(runPrefix);
            plain.close();
        }
        if (client != null) {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    /** The URI of a Redis (or a forwarder to it) on this machine's {@code port}. */
    public static RedisURI uri(int port) {
        return RedisURI.builder().withHost(RedisAvailable.HOST).withPort(port).withTimeout(Duration.ofSeconds(5)).build();
    }

    /** A key prefix no other test, class or run uses. */
    public String newPrefix() {
        return runPrefix + prefixes.incrementAndGet() + ":";
    }

    public RedisClient client() {
        return client;
    }

    /** A new connector (its own connection) to the test Redis; closed after the test. */
    public RedisConnector connector() {
        return connector(RedisAvailable.PORT);
    }

    /** A new connector to {@code port} on this machine (a forwarder, a closed port); closed after the test. */
    public RedisConnector connector(int port) {
        RedisConnector connector = new RedisConnector(client, uri(port));
        connectors.add(connector);
        return connector;
    }

    /** Commands on a connection of its own, to look at (or change) what the stores wrote. */
    public RedisCommands<String, String> redis() {
        return plain.sync();
    }

    /** Deletes every key starting with {@code prefix} (which must be one of this run's). */
    public long deleteKeys(String prefix) {
        List<String> keys = keys(prefix);
        return keys.isEmpty() ? 0 : redis().del(keys.toArray(String[]::new));
    }

    /** The keys starting with {@code prefix} (which must be one of this run's), sorted; found with SCAN. */
    public List<String> keys(String prefix) {
        if (!prefix.startsWith(runPrefix)) {
            throw new IllegalArgumentException("not a prefix of this run: " + prefix);
        }
        List<String> keys = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, match);
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys.stream().distinct().sorted().toList();
    }
}
