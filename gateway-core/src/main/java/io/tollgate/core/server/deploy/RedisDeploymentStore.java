package io.tollgate.core.server.deploy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deployments and stages in Redis, shared by every instance on the same Redis and prefix: each deployment in the hash
 * {@code <prefix>deployments:<api>} (by id), each stage in the hash {@code <prefix>stages} (by {@code api/stage}), as
 * JSON. Every change increments {@code <prefix>version} and is announced on the channel {@code <prefix>changes}, so
 * the other instances apply it at once ({@link #watch}); a periodic {@link Deployments#reconcile()} catches a missed
 * announcement by the version.
 *
 * <p>Nothing connects in the constructor; each operation connects when there is no connection (Lettuce reconnects an
 * open one by itself) and fails when Redis does not answer within the timeout, so a change made while Redis is
 * unreachable is refused and nothing is half written. The caller keeps and shuts down the {@link RedisClient}.
 */
public final class RedisDeploymentStore implements DeploymentStore, AutoCloseable {

    /** The prefix of every key, unless another is given. */
    public static final String DEFAULT_PREFIX = "tollgate:deployments:";

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    private final Duration timeout;
    private @Nullable StatefulRedisConnection<String, String> connection;
    private @Nullable StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean closed;

    public RedisDeploymentStore(RedisClient client, RedisURI uri, String prefix, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    private synchronized RedisCommands<String, String> redis() {
        if (closed) {
            throw new IllegalStateException("the deployment store is closed");
        }
        StatefulRedisConnection<String, String> open = connection;
        if (open == null || !open.isOpen()) {
            RedisURI bounded = RedisURI.builder(uri).withTimeout(timeout).build();
            open = client.connect(bounded);
            open.setTimeout(timeout);
            connection = open;
        }
        return open.sync();
    }

    /** Writes (or, without a value, deletes) one field, counts the change and announces it: all or nothing. */
    private static final String CHANGE = """
            if ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[1], ARGV[1]) end
            local version = redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', KEYS[3], version)
            return version""";

    private void change(String hash, String field, @Nullable String value) {
        String[] keys = {hash, prefix + "version", prefix + "changes"};
        String[] values = value == null ? new String[] {field} : new String[] {field, value};
        redis().eval(CHANGE, ScriptOutputType.INTEGER, keys, values);
    }

    @Override
    public void save(Deployment deployment) {
        change(prefix + "deployments:" + deployment.api(), deployment.id(), StoredForm.deployment(deployment));
    }

    @Override
    public List<Deployment> deployments(String api) {
        Map<String, String> all = redis().hgetall(prefix + "deployments:" + api);
        List<Deployment> deployments = new ArrayList<>();
        all.values().forEach(json -> deployments.add(StoredForm.deployment(json)));
        deployments.sort(Comparator.comparing(Deployment::createdAt).thenComparing(Deployment::id));
        return deployments;
    }

    @Override
    public @Nullable Deployment deployment(String api, String id) {
        String json = redis().hget(prefix + "deployments:" + api, id);
        return json == null ? null : StoredForm.deployment(json);
    }

    @Override
    public void remove(String api, String id) {
        change(prefix + "deployments:" + api, id, null);
    }

    @Override
    public List<StageState> stages() {
        List<StageState> stages = new ArrayList<>();
        redis().hgetall(prefix + "stages").values().forEach(json -> stages.add(StoredForm.stage(json)));
        // one order on every instance: the order stages were first written is not kept by a hash
        stages.sort(Comparator.comparing(StageState::api).thenComparing(StageState::name));
        return stages;
    }

    @Override
    public void save(StageState stage) {
        change(prefix + "stages", stage.key(), StoredForm.stage(stage));
    }

    @Override
    public void removeStage(String api, String stage) {
        change(prefix + "stages", StageState.key(api, stage), null);
    }

    @Override
    public long version() {
        String version = redis().get(prefix + "version");
        return version == null ? 0 : Long.parseLong(version);
    }

    @Override
    public synchronized AutoCloseable watch(Runnable onChange) {
        Objects.requireNonNull(onChange, "onChange");
        if (closed) {
            throw new IllegalStateException("the deployment store is closed");
        }
        // fails while Redis is unreachable: the caller tries again later (Lettuce resubscribes an open one by itself)
        StatefulRedisPubSubConnection<String, String> pubSub =
                client.connectPubSub(RedisURI.builder(uri).withTimeout(timeout).build());
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onChange.run();
            }
        });
        pubSub.sync().subscribe(prefix + "changes");
        subscription = pubSub;
        return pubSub::close;
    }

    /** Closes the connections (not the client). */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    @Override
    public String toString() {
        return "Redis at " + uri.getHost() + ":" + uri.getPort() + " (" + prefix + "*)";
    }
}
