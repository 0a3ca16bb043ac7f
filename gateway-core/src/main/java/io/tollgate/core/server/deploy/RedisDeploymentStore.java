package io.tollgate.core.server.deploy;

import io.tollgate.core.redis.RedisKeys;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Deployments and stages in Redis, shared by every instance on the same Redis and prefix, as JSON: each deployment in
 * the hash {@code <prefix>{deployments}:deployments:<api>} (by id), each stage in the hash
 * {@code <prefix>{deployments}:stages} (by {@code api/stage}). Every change increments the counter
 * {@code <prefix>{deployments}:version} and is announced on the channel {@code <prefix>{deployments}:changes}, in
 * one script with the write (all or nothing), so the other instances apply it at once ({@link #watch}); a periodic
 * {@link Deployments#reconcile()} catches a missed announcement by the version.
 *
 * <p>Topologies: a standalone Redis (a {@link RedisClient} and a {@code redis://} URI), a primary monitored by Sentinel
 * (a {@link RedisClient} and a Sentinel URI, {@code redis-sentinel://host:26379,host:26380#primary}), or a Redis
 * Cluster (a {@link RedisClusterClient}, which knows its seed nodes). Every key holds the hash tag
 * {@code {deployments}}, so all of them are in one hash slot: the change script touches three keys, which a cluster
 * runs only when they share a slot. Deployments are few and small, so one slot (one primary) holding all of them is
 * no burden; every prefix shares that slot. A prefix therefore must not contain braces, or it would be the tag.
 *
 * <p>Following a failover: through Sentinel, the commands go over Lettuce's master/replica connection, which hears the
 * sentinels' announcement of a new primary and moves to it; on a cluster, the cluster connection follows the slot map
 * (as the client's topology refresh options say). A change sent while the primary steps down can fail (it is refused,
 * as while Redis is unreachable) or, written on the old primary at the last moment, be lost with it, as Redis
 * replication is asynchronous. Announcements are received on a pub/sub connection that Lettuce reconnects and
 * resubscribes by itself: through Sentinel it asks the sentinels for the primary again at each reconnect, and it stays
 * on the old primary until the sentinels demote it (they disconnect its clients then); on a cluster it reconnects to a
 * node of the slot map (a {@code PUBLISH} on any node reaches subscribers on every node). An announcement made on the
 * new primary before the subscription got there is not received: the next periodic reconcile applies that change.
 *
 * <p>Earlier versions kept the keys without the tag ({@code <prefix>deployments:<api>}, {@code <prefix>stages},
 * {@code <prefix>version}) and worked on a standalone Redis only. On its first operation a store copies them to the
 * tagged keys when the tagged layout is not in use yet (no tagged version nor stages), in one script: an instance of
 * an earlier version still running during a rolling upgrade keeps serving from the untagged keys (a change made there
 * afterwards is not seen by the upgraded instances). Delete the untagged keys once no such instance runs. On a
 * cluster there is nothing to copy: earlier versions could not write there.
 *
 * <p>Nothing connects in the constructor; each operation connects when there is no connection (Lettuce reconnects an
 * open one by itself) and fails when Redis does not answer within the timeout, so a change made while Redis is
 * unreachable is refused and nothing is half written. The caller keeps and shuts down the client.
 */
public final class RedisDeploymentStore implements DeploymentStore, AutoCloseable {

    /** The prefix of every key, unless another is given. */
    public static final String DEFAULT_PREFIX = "tollgate:deployments:";
    /** The hash tag every key holds (after the prefix), so that all are in one slot of a Redis Cluster. */
    public static final String HASH_TAG = "{deployments}";

    /** An API's name, as {@code ApiValidator} accepts it: what follows {@code deployments:} in an untagged key. */
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** An open connection and its commands (a standalone's, a master/replica's or a cluster's). */
    private record Session(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands) {
    }

    private final AbstractRedisClient client;
    private final @Nullable RedisURI uri;
    private final String prefix;
    /** The prefix and the hash tag: the start of every key and of the channel. */
    private final String tagged;
    private final Duration timeout;
    private @Nullable Session session;
    private boolean layoutChecked;
    private @Nullable StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean closed;

    /** A store on the Redis at {@code uri} (a standalone one, or a primary found through the sentinels it names). */
    public RedisDeploymentStore(RedisClient client, RedisURI uri, String prefix, Duration timeout) {
        this((AbstractRedisClient) client, Objects.requireNonNull(uri, "uri"), prefix, timeout);
    }

    /** A store on the Redis Cluster {@code client} knows (its seed nodes). */
    public RedisDeploymentStore(RedisClusterClient client, String prefix, Duration timeout) {
        this(client, null, prefix, timeout);
    }

    /**
     * A store through {@code client}: a {@link RedisClusterClient} (a cluster; {@code uri} is not used and may be
     * null) or a {@link RedisClient} (to {@code uri}: a {@code redis://} one, or a Sentinel one).
     */
    public RedisDeploymentStore(AbstractRedisClient client, @Nullable RedisURI uri, String prefix, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        if (client instanceof RedisClient) {
            this.uri = Objects.requireNonNull(uri, "uri");
        } else if (client instanceof RedisClusterClient) {
            this.uri = null;
        } else {
            throw new IllegalArgumentException("a RedisClient or a RedisClusterClient, not a "
                    + client.getClass().getName());
        }
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        this.tagged = prefix + HASH_TAG + ":";
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    private String deploymentsKey(String api) {
        return tagged + "deployments:" + api;
    }

    private String stagesKey() {
        return tagged + "stages";
    }

    private String versionKey() {
        return tagged + "version";
    }

    private String channel() {
        return tagged + "changes";
    }

    private boolean sentinel() {
        return uri != null && !uri.getSentinels().isEmpty();
    }

    private synchronized RedisClusterCommands<String, String> redis() {
        if (closed) {
            throw new IllegalStateException("the deployment store is closed");
        }
        Session open = session;
        if (open == null || !open.connection().isOpen()) {
            open = connect();
            session = open;
        }
        if (!layoutChecked) {
            copyUntaggedLayout(open.commands());
            layoutChecked = true;
        }
        return open.commands();
    }

    private Session connect() {
        if (client instanceof RedisClusterClient cluster) {
            // the slot map first: a connect that finds none loads it itself, and another connect on the same client
            // meanwhile (a usage store's) would fail ("partitions not initialized")
            return await(cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectAsync(StringCodec.UTF8))
                    .thenApply(c -> new Session(c, c.sync())), Session::connection);
        }
        RedisClient standalone = (RedisClient) client;
        RedisURI bounded = bounded(Objects.requireNonNull(uri));
        if (sentinel()) {
            // the primary the sentinels name, and the next one after a failover (it hears their switch-master)
            return await(MasterReplica.connectAsync(standalone, StringCodec.UTF8, bounded)
                    .thenApply(c -> new Session(c, c.sync())), Session::connection);
        }
        return await(standalone.connectAsync(StringCodec.UTF8, bounded).toCompletableFuture()
                .thenApply(c -> new Session(c, c.sync())), Session::connection);
    }

    /**
     * The connection {@code connecting} opens, within the timeout (its commands' timeout set to it too); one that opens
     * later is closed.
     */
    private <T> T await(CompletableFuture<T> connecting, Function<T, StatefulConnection<String, String>> connection) {
        try {
            T open = connecting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            connection.apply(open).setTimeout(timeout);
            return open;
        } catch (TimeoutException e) {
            connecting.thenAccept(late -> connection.apply(late).closeAsync());
            throw new RedisConnectionException("Cannot connect to " + where() + " within " + timeout.toMillis()
                    + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new RedisConnectionException("Cannot connect to " + where(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.thenAccept(late -> connection.apply(late).closeAsync());
            throw new RedisConnectionException("Interrupted while connecting to " + where(), e);
        }
    }

    /** {@code uri} with the store's timeout (its sentinels' too, each copied: the caller's are left as they are). */
    private RedisURI bounded(RedisURI uri) {
        RedisURI.Builder builder = RedisURI.builder(uri).withTimeout(timeout);
        for (RedisURI sentinel : uri.getSentinels()) {
            builder.withSentinel(RedisURI.builder(sentinel).build());
        }
        if (uri.getSentinelMasterId() != null) {
            builder.withSentinelMasterId(uri.getSentinelMasterId());
        }
        return builder.build();
    }

    /** Writes (or, without a value, deletes) one field, counts the change and announces it: all or nothing. */
    private static final String CHANGE = """
            if ARGV[3] then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) else redis.call('HDEL', KEYS[1], ARGV[2]) end
            local version = redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', ARGV[1], version)
            return version""";

    private void change(String hash, String field, @Nullable String value) {
        String[] keys = {hash, versionKey()};
        // the channel is no key: a PUBLISH on a cluster reaches the subscribers of every node
        String[] values = value == null ? new String[] {channel(), field} : new String[] {channel(), field, value};
        redis().eval(CHANGE, ScriptOutputType.INTEGER, keys, values);
    }

    /**
     * Copies the untagged keys of earlier versions to the tagged ones, unless the tagged layout is in use: KEYS[1] and
     * KEYS[2] the tagged version and stages, then pairs of an untagged key and its tagged one. Copied (DUMP and
     * RESTORE, which any Redis has), not renamed: instances of an earlier version go on reading them. Returns how many
     * keys were copied, or -1 when the tagged layout is in use.
     */
    private static final String COPY_UNTAGGED = """
            if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
            local copied = 0
            for i = 3, #KEYS, 2 do
              if redis.call('EXISTS', KEYS[i]) == 1 and redis.call('EXISTS', KEYS[i + 1]) == 0 then
                redis.call('RESTORE', KEYS[i + 1], 0, redis.call('DUMP', KEYS[i]))
                copied = copied + 1
              end
            end
            return copied""";

    private void copyUntaggedLayout(RedisClusterCommands<String, String> redis) {
        if (client instanceof RedisClusterClient) {
            return; // earlier versions could not write to a cluster (their script touched several slots)
        }
        List<String> keys = new ArrayList<>(List.of(versionKey(), stagesKey(), prefix + "version", versionKey(),
                prefix + "stages", stagesKey()));
        String untagged = prefix + "deployments:";
        ScanArgs match = ScanArgs.Builder.matches(glob(untagged) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            for (String key : page.getKeys()) {
                String api = key.substring(untagged.length());
                if (API_NAME.matcher(api).matches() && !keys.contains(key)) {
                    keys.add(key);
                    keys.add(deploymentsKey(api));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        try {
            redis.eval(COPY_UNTAGGED, ScriptOutputType.INTEGER, keys.toArray(String[]::new));
        } catch (RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).startsWith("CROSSSLOT")) {
                throw e;
            }
            // a cluster node reached through a plain connection: the untagged layout never existed there
        }
    }

    /** {@code text} as a SCAN pattern that matches only itself. */
    private static String glob(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public void save(Deployment deployment) {
        change(deploymentsKey(deployment.api()), deployment.id(), StoredForm.deployment(deployment));
    }

    @Override
    public List<Deployment> deployments(String api) {
        Map<String, String> all = redis().hgetall(deploymentsKey(api));
        List<Deployment> deployments = new ArrayList<>();
        all.values().forEach(json -> deployments.add(StoredForm.deployment(json)));
        deployments.sort(Comparator.comparing(Deployment::createdAt).thenComparing(Deployment::id));
        return deployments;
    }

    @Override
    public @Nullable Deployment deployment(String api, String id) {
        String json = redis().hget(deploymentsKey(api), id);
        return json == null ? null : StoredForm.deployment(json);
    }

    @Override
    public void remove(String api, String id) {
        change(deploymentsKey(api), id, null);
    }

    @Override
    public List<StageState> stages() {
        List<StageState> stages = new ArrayList<>();
        redis().hgetall(stagesKey()).values().forEach(json -> stages.add(StoredForm.stage(json)));
        // one order on every instance: the order stages were first written is not kept by a hash
        stages.sort(Comparator.comparing(StageState::api).thenComparing(StageState::name));
        return stages;
    }

    @Override
    public void save(StageState stage) {
        change(stagesKey(), stage.key(), StoredForm.stage(stage));
    }

    @Override
    public void removeStage(String api, String stage) {
        change(stagesKey(), StageState.key(api, stage), null);
    }

    @Override
    public long version() {
        String version = redis().get(versionKey());
        return version == null ? 0 : Long.parseLong(version);
    }

    @Override
    public synchronized AutoCloseable watch(Runnable onChange) {
        Objects.requireNonNull(onChange, "onChange");
        if (closed) {
            throw new IllegalStateException("the deployment store is closed");
        }
        // fails while Redis is unreachable: the caller tries again later (Lettuce resubscribes an open one by itself,
        // through Sentinel to the primary the sentinels name at each reconnect)
        StatefulRedisPubSubConnection<String, String> pubSub;
        if (client instanceof RedisClusterClient cluster) {
            pubSub = await(cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectPubSubAsync(StringCodec.UTF8)), c -> c);
        } else {
            pubSub = await(((RedisClient) client).connectPubSubAsync(StringCodec.UTF8,
                    bounded(Objects.requireNonNull(uri))).toCompletableFuture(), c -> c);
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onChange.run();
            }
        });
        try {
            pubSub.sync().subscribe(channel());
        } catch (RuntimeException e) {
            pubSub.closeAsync();
            throw e;
        }
        subscription = pubSub;
        return pubSub::close;
    }

    /** Closes the connections (not the client). */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.connection().close();
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    private String where() {
        if (client instanceof RedisClusterClient) {
            return "the Redis Cluster";
        }
        RedisURI at = Objects.requireNonNull(uri);
        return sentinel() ? "the Redis primary '" + at.getSentinelMasterId() + "' (Sentinel)"
                : "Redis at " + at.getHost() + ":" + at.getPort();
    }

    @Override
    public String toString() {
        return where() + " (" + tagged + "*)";
    }
}
