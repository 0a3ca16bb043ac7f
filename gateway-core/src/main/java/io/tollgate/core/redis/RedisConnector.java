package io.tollgate.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.netty.util.Timeout;
import io.tollgate.core.pipeline.Deadlines;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Lettuce connection (UTF-8 string keys, byte-array values), opened on first use and shared by the Redis stores
 * of every feature (the usage stores of {@code io.tollgate.core.usage.redis}, the stage cache of
 * {@code io.tollgate.core.cache.redis}). Lettuce connections are thread-safe and pipeline the commands of all their
 * users, so one is enough. It lives in this shared package so that features use it without importing each other.
 * <p>
 * Topologies: a standalone Redis or a Sentinel-monitored primary (a {@link RedisClient} and a {@link RedisURI}; a
 * Sentinel URI, {@code redis-sentinel://host:26379,host:26380#primary}, follows failovers), or a Redis Cluster (a
 * {@link RedisClusterClient}: its connection routes each command to the node owning its key's slot, and follows
 * resharding and failover as the client's topology refresh options say). The stores speak only commands that both
 * kinds of connection have, and their scripts touch the keys of one hash slot each.</p>
 * <p>
 * Nothing connects in the constructor: a gateway starts while Redis is down, and its checks fail (as errors) until
 * Redis is reachable. A failed connect is remembered for {@link #RECONNECT_AFTER}, during which commands fail at once,
 * and then tried again by the next command. Once open, the connection is kept open by Lettuce's own reconnection
 * (the client's {@code ClientOptions.autoReconnect}, on by default): commands given while it reconnects wait in
 * Lettuce's buffer (or are refused at once with {@code DisconnectedBehavior.REJECT_COMMANDS}) and the stores' timeouts
 * end them.
 * <p>
 * The connector does not own the {@link RedisClient}: {@link #close()} closes the connection only, and the
 * application shuts the client down afterwards. The client may come from elsewhere and be ready only later (the
 * application's Spring Data Redis connection factory creates its client when it starts): it is asked for on each
 * connect.
 */
public final class RedisConnector implements AutoCloseable {

    /** The prefix of every key the stores write, unless they are given another. */
    public static final String DEFAULT_PREFIX = "tollgate:";
    /** How long the stores wait for one answer from Redis, unless they are given another. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a failed connect is remembered before the next command tries again. */
    public static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for a connect under way and for the connection to close. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** An open connection and its asynchronous commands (a standalone's or a cluster's). */
    private record Session(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands) {
    }

    private record Attempt(CompletableFuture<Session> connection, long startedNanos) {
    }

    private final Supplier<? extends AbstractRedisClient> client;
    private final @Nullable RedisURI uri;
    private final AtomicReference<Attempt> current = new AtomicReference<>();
    private volatile boolean closed;

    /** A connector to {@code uri} through {@code client} (which the caller keeps and shuts down). */
    public RedisConnector(RedisClient client, RedisURI uri) {
        this(supplier(Objects.requireNonNull(client, "client")), uri);
    }

    /**
     * A connector to {@code uri} through the client {@code client} supplies when a connection is opened (the first
     * command, and again after a failed connect), such as an application's shared client that exists only once its
     * owner started. The caller keeps and shuts down that client.
     */
    public RedisConnector(Supplier<? extends RedisClient> client, RedisURI uri) {
        this(client, Objects.requireNonNull(uri, "uri"), 0);
    }

    private RedisConnector(Supplier<? extends AbstractRedisClient> client, @Nullable RedisURI uri, int unused) {
        this.client = Objects.requireNonNull(client, "client");
        this.uri = uri;
    }

    /** A connector to the Redis Cluster {@code client} knows (its seed nodes); the caller keeps and shuts it down. */
    public static RedisConnector cluster(RedisClusterClient client) {
        Objects.requireNonNull(client, "client");
        return new RedisConnector(() -> client, null, 0);
    }

    /**
     * A connector to the Redis Cluster of the client {@code client} supplies when a connection is opened (one owned
     * elsewhere, that exists only once its owner started: the application's Spring Data Redis client).
     */
    public static RedisConnector cluster(Supplier<? extends RedisClusterClient> client) {
        return new RedisConnector(Objects.requireNonNull(client, "client"), null, 0);
    }

    /**
     * A connector through whichever client {@code client} supplies when a connection is opened: a
     * {@link RedisClusterClient} (a cluster; {@code uri} is not used) or a {@link RedisClient} (to {@code uri}). For
     * clients owned elsewhere that exist only once their owner started (the application's Spring Data Redis client).
     */
    public static RedisConnector of(Supplier<? extends AbstractRedisClient> client, RedisURI uri) {
        return new RedisConnector(client, Objects.requireNonNull(uri, "uri"), 0);
    }

    private static Supplier<RedisClient> supplier(RedisClient client) {
        return () -> client;
    }

    /**
     * Opens the connection now, in the background, so that the first command does not wait for it (a cold client's
     * first connect can take longer than a store's timeout). Never blocks; a failure is logged as any connect's, and
     * the next command tries again.
     */
    public void warmUp() {
        connection();
    }

    /** Whether the connection is open (or was, and Lettuce is reconnecting it). */
    public boolean connected() {
        Attempt attempt = current.get();
        return attempt != null && attempt.connection().isDone() && !attempt.connection().isCompletedExceptionally();
    }

    /** The connection, opened when there is none (a future that fails while Redis cannot be reached). */
    CompletableFuture<Session> connection() {
        while (true) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the Redis connector is closed"));
            }
            Attempt attempt = current.get();
            if (attempt != null && (!attempt.connection().isCompletedExceptionally()
                    || System.nanoTime() - attempt.startedNanos() < RECONNECT_AFTER.toNanos())) {
                return attempt.connection();
            }
            CompletableFuture<Session> opening = new CompletableFuture<>();
            Attempt next = new Attempt(opening, System.nanoTime());
            if (current.compareAndSet(attempt, next)) {
                open(opening);
                return opening;
            }
        }
    }

    private void open(CompletableFuture<Session> opening) {
        CompletableFuture<Session> connecting;
        String where;
        try {
            AbstractRedisClient current = client.get();
            if (current instanceof RedisClusterClient cluster) {
                where = "the Redis Cluster";
                // the slot map first: a connect that finds none loads it itself, and a second connect meanwhile
                // (another connector on the same client) would fail ("partitions not initialized")
                connecting = cluster.refreshPartitionsAsync().toCompletableFuture()
                        .thenCompose(loaded -> cluster.connectAsync(CODEC))
                        .thenApply(c -> new Session(c, c.async()));
            } else if (current instanceof RedisClient standalone && uri != null && !uri.getSentinels().isEmpty()) {
                // a primary found through the sentinels, and found again after a failover: Lettuce's master/replica
                // connection listens to the sentinels' switch-master announcements and moves its commands over
                where = "the Redis primary '" + uri.getSentinelMasterId() + "' (Sentinel)";
                connecting = MasterReplica.connectAsync(standalone, CODEC, uri)
                        .thenApply(c -> new Session(c, c.async()));
            } else if (current instanceof RedisClient standalone && uri != null) {
                where = "Redis at " + uri.getHost() + ":" + uri.getPort();
                connecting = standalone.connectAsync(CODEC, uri).toCompletableFuture()
                        .thenApply(c -> new Session(c, c.async()));
            } else {
                throw new IllegalStateException("a " + current.getClass().getSimpleName() + " without a Redis URI");
            }
        } catch (RuntimeException e) {
            where = "Redis";
            connecting = CompletableFuture.failedFuture(e);
        }
        String target = where;
        connecting.whenComplete((session, error) -> {
            if (error != null) {
                log.warn("Cannot connect to {}: {}", target, error.toString());
                opening.completeExceptionally(error);
            } else if (closed) {
                // closed while connecting: the attempt ends once this connection is closed, so that close() can wait
                // for it before the client is shut down
                session.connection().closeAsync().whenComplete((done, closeError) ->
                        opening.completeExceptionally(new IllegalStateException("the Redis connector is closed")));
            } else {
                opening.complete(session);
            }
        });
    }

    /**
     * Runs one command on the connection. Cancelling the returned future (as a timeout does) cancels the command;
     * cancelling it never cancels the shared connect.
     */
    public <T> CompletableFuture<T> execute(Function<RedisClusterAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        connection().whenComplete((session, connectError) -> {
            if (connectError != null) {
                result.completeExceptionally(connectError);
                return;
            }
            if (result.isDone()) {
                return;
            }
            RedisFuture<T> sent;
            try {
                sent = command.apply(session.commands());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            sent.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
            result.whenComplete((value, error) -> {
                if (!sent.isDone()) {
                    sent.cancel(false);
                }
            });
        });
        return result;
    }

    /**
     * {@link #execute} as a Mono that fails with a {@link TimeoutException} when Redis has not answered within
     * {@code timeout} (and then cancels the command).
     */
    public <T> Mono<T> mono(Duration timeout, Function<RedisClusterAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        return Mono.fromFuture(() -> bounded(execute(command), timeout));
    }

    /**
     * {@code work}, failed with a {@link TimeoutException} when it has not ended within {@code timeout} (and then
     * cancelled). The bound is the future's own, not a Reactor operator's: a Mono made of it that is cancelled first
     * (its caller gave up) cancels the future, which then can never fail, so no error ever reaches a subscriber that
     * has gone (Reactor's {@code onErrorDropped}).
     */
    public static <T> CompletableFuture<T> bounded(CompletableFuture<T> work, Duration timeout) {
        if (work.isDone()) {
            return work;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        // on the shared wheel of deadlines: setting and cancelling one is a queue operation
        Timeout timer = Deadlines.schedule(timeout, () -> result.completeExceptionally(timeoutError(timeout)));
        work.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                result.complete(value);
            }
        });
        result.whenComplete((value, error) -> {
            timer.cancel();
            if (!work.isDone()) {
                work.cancel(false);
            }
        });
        return result;
    }

    /**
     * How long a {@code PING} took (for health checks), or an error when Redis cannot be reached or does not answer
     * within {@code timeout}. On a Redis Cluster it goes to one node (the connection's default).
     */
    public Mono<Duration> ping(Duration timeout) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return mono(timeout, RedisClusterAsyncCommands::ping).map(pong -> Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** The error of an operation Redis did not answer within {@code timeout}. */
    public static TimeoutException timeoutError(Duration timeout) {
        return new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms");
    }

    /**
     * Opens a pub/sub connection of its own (string channels, byte-array messages) through the same client, to the
     * same Redis: on a cluster to one of its nodes (a {@code PUBLISH} on any node reaches subscribers on every node),
     * through Sentinel to the primary the sentinels name (again at each reconnect). Lettuce reconnects it and
     * subscribes it again to its channels by itself. The caller closes it. Fails while Redis cannot be reached.
     */
    public CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Redis connector is closed"));
        }
        try {
            AbstractRedisClient current = client.get();
            if (current instanceof RedisClusterClient cluster) {
                return cluster.refreshPartitionsAsync().toCompletableFuture()
                        .thenCompose(loaded -> cluster.connectPubSubAsync(CODEC))
                        .thenApply(connection -> connection);
            }
            if (current instanceof RedisClient standalone && uri != null) {
                return standalone.connectPubSubAsync(CODEC, uri).toCompletableFuture()
                        .thenApply(connection -> connection);
            }
            throw new IllegalStateException("a " + current.getClass().getSimpleName() + " without a Redis URI");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the connections go to a Redis Cluster (where {@code PUBLISH} counts the receivers of one node only). */
    public boolean cluster() {
        try {
            return client.get() instanceof RedisClusterClient;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the connection (when one is open or opening); commands given afterwards fail. Waits up to
     * {@link #CLOSE_WAIT} for a connect under way and for the close itself, so that the client can be shut down right
     * after: a connection whose channel is still being set up when its client's event loops stop is never released
     * (Lettuce's read buffer, allocated when the channel registers, is freed only when it deregisters).
     */
    @Override
    public void close() {
        closed = true;
        Attempt attempt = current.getAndSet(null);
        if (attempt == null) {
            return;
        }
        CompletableFuture<Void> closing = attempt.connection()
                .thenCompose(session -> session.connection().closeAsync())
                .exceptionally(error -> null); // a connect that failed, or ended by this close: nothing to close
        try {
            closing.get(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The Redis connection was not closed within {} ms; it is closed when its connect ends",
                    CLOSE_WAIT.toMillis());
        }
    }
}
