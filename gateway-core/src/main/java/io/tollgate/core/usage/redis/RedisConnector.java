package io.tollgate.core.usage.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Lettuce connection to a standalone Redis (UTF-8 string keys, byte-array values), opened on first use and
 * shared by the Redis stores ({@link RedisRateLimiterStore}, {@link RedisQuotaStore}, {@link RedisApiKeyRepository}).
 * Lettuce connections are thread-safe and pipeline the commands of all their users, so one is enough.
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
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** How long a failed connect is remembered before the next command tries again. */
    public static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private record Attempt(CompletableFuture<StatefulRedisConnection<String, byte[]>> connection, long startedNanos) {
    }

    private final Supplier<? extends RedisClient> client;
    private final RedisURI uri;
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
        this.client = Objects.requireNonNull(client, "client");
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    private static Supplier<RedisClient> supplier(RedisClient client) {
        return () -> client;
    }

    /** The connection, opened when there is none (a future that fails while Redis cannot be reached). */
    CompletableFuture<StatefulRedisConnection<String, byte[]>> connection() {
        while (true) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the Redis connector is closed"));
            }
            Attempt attempt = current.get();
            if (attempt != null && (!attempt.connection().isCompletedExceptionally()
                    || System.nanoTime() - attempt.startedNanos() < RECONNECT_AFTER.toNanos())) {
                return attempt.connection();
            }
            CompletableFuture<StatefulRedisConnection<String, byte[]>> opening = new CompletableFuture<>();
            Attempt next = new Attempt(opening, System.nanoTime());
            if (current.compareAndSet(attempt, next)) {
                open(opening);
                return opening;
            }
        }
    }

    private void open(CompletableFuture<StatefulRedisConnection<String, byte[]>> opening) {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> connecting;
        try {
            connecting = client.get().connectAsync(CODEC, uri).toCompletableFuture();
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((connection, error) -> {
            if (error != null) {
                log.warn("Cannot connect to Redis at {}:{}: {}", uri.getHost(), uri.getPort(), error.toString());
                opening.completeExceptionally(error);
            } else if (closed) {
                connection.closeAsync();
                opening.completeExceptionally(new IllegalStateException("the Redis connector is closed"));
            } else {
                opening.complete(connection);
            }
        });
    }

    /**
     * Runs one command on the connection. Cancelling the returned future (as a timeout does) cancels the command;
     * cancelling it never cancels the shared connect.
     */
    <T> CompletableFuture<T> execute(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        connection().whenComplete((connection, connectError) -> {
            if (connectError != null) {
                result.completeExceptionally(connectError);
                return;
            }
            if (result.isDone()) {
                return;
            }
            RedisFuture<T> sent;
            try {
                sent = command.apply(connection.async());
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
    <T> Mono<T> mono(Duration timeout, Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        return timeout(Mono.fromFuture(() -> execute(command)), timeout);
    }

    /** {@code mono} failing with a {@link TimeoutException} that says what it waited for after {@code timeout}. */
    static <T> Mono<T> timeout(Mono<T> mono, Duration timeout) {
        return mono.timeout(timeout, Mono.error(() -> timeoutError(timeout)));
    }

    static TimeoutException timeoutError(Duration timeout) {
        return new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms");
    }

    /** Closes the connection (when one is open or opening); commands given afterwards fail. Never blocks. */
    @Override
    public void close() {
        closed = true;
        Attempt attempt = current.getAndSet(null);
        if (attempt != null) {
            attempt.connection().thenAccept(StatefulRedisConnection::closeAsync);
        }
    }
}
