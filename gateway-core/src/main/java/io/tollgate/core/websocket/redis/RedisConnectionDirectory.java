package io.tollgate.core.websocket.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.SetArgs;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
import io.tollgate.core.websocket.ConnectionDirectory;
import io.tollgate.core.websocket.ConnectionException;
import io.tollgate.core.websocket.ConnectionInfo;
import io.tollgate.core.websocket.ConnectionScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The WebSocket connections of every gateway instance on one Redis: which instance holds each connection, and the
 * {@code @connections} operations carried to it.
 *
 * <h2>The registry</h2>
 * Each connection opened here is one key, {@code <prefix>connection:<id>}, whose value is this instance's id, written
 * with a TTL ({@code SET ... PX ttl}) when the connection opens and written again every third of the TTL for every
 * connection still open here, and deleted when it ends. An instance that dies (no close, no delete) leaves its keys
 * behind for at most the TTL. Writing the whole key again (not only its TTL) also puts back the keys of a Redis that
 * was flushed or lost its data. Every command touches one key, so a Redis Cluster spreads them over its primaries.
 *
 * <h2>Operations</h2>
 * An operation on a connection that is not open here reads its key (unless its instance is remembered from an earlier
 * operation: a connection never moves, and a broadcast sends to the same connections again and again): none is
 * {@code GONE}; otherwise the request is published on the owner's channel, {@code <prefix>instance:<owner>}, with the
 * channel to answer on (this instance's own), and the owner carries it out on its connection as on its own ({@link ConnectionDirectory.Here}) and publishes
 * the outcome. A {@code PUBLISH} that no instance heard (the owner died with its key still there) is {@code GONE} and
 * deletes the stale key; on a Redis Cluster, where {@code PUBLISH} counts only the listeners of the node it was sent
 * to, the owner's silence is told by the timeout instead. An owner that does not answer within the timeout, and a Redis
 * that does not (down, slow), fail with {@code UNAVAILABLE} (the {@code @connections} API's 503), counted
 * ({@link #failures()}; the meter {@code tollgate.websocket.directory.failures} in a Spring application): never a wait
 * without bound.
 *
 * <p>Nothing connects in the constructor: the pub/sub connection opens when the feature binds the directory, and again
 * at each refresh until it is open (Lettuce then reconnects it and subscribes it again by itself). The commands go on
 * the {@link RedisConnector} the other Redis stores share.
 */
public final class RedisConnectionDirectory implements ConnectionDirectory {

    /** The prefix of every key and channel, unless another is given. */
    public static final String DEFAULT_PREFIX = "tollgate:websocket:";
    /** How long a connection's key outlives its last refresh, unless another TTL is given. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** The shortest TTL: the key is refreshed every third of it. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** How many connections' instances are remembered at most. */
    private static final long OWNERS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(RedisConnectionDirectory.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisConnector redis;
    private final String prefix;
    private final Duration timeout;
    private final Duration ttl;
    private final String instanceId;
    private final byte[] owner;
    private final String channel;
    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentMap<String, CompletableFuture<DirectoryMessage.Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /**
     * The instance of each connection of another instance recently operated on: a connection never moves, so a
     * broadcast's sends skip the registry's {@code GET}. Forgotten once the connection is gone (or its instance
     * dead), and after the TTL.
     */
    private final Cache<String, String> owners;
    private final AtomicReference<@Nullable CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>>> subscription =
            new AtomicReference<>();
    private volatile @Nullable Here here;
    private volatile @Nullable Disposable refresher;
    private volatile boolean closed;

    /**
     * A directory on {@code redis}'s Redis under {@code prefix}, each command and each other instance's answer bounded
     * by {@code timeout}, the keys of this instance's connections living {@code ttl} past their last refresh.
     */
    public RedisConnectionDirectory(RedisConnector redis, String prefix, Duration timeout, Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
        }
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("the TTL must be at least " + MIN_TTL + ", was " + ttl);
        }
        this.timeout = timeout;
        this.ttl = ttl;
        this.owners = Caffeine.newBuilder().maximumSize(OWNERS).expireAfterWrite(ttl).build();
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        this.instanceId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.owner = instanceId.getBytes(StandardCharsets.UTF_8);
        this.channel = channel(instanceId);
    }

    /**
     * How many operations on connections of other instances failed because Redis, or the instance holding the
     * connection, could not be reached or did not answer in time (each an {@code UNAVAILABLE}).
     */
    public long failures() {
        return failures.get();
    }

    /** This instance's id in the registry (what its connections' keys hold). */
    public String instanceId() {
        return instanceId;
    }

    /** The key of connection {@code connectionId}. */
    public String key(String connectionId) {
        return prefix + "connection:" + connectionId;
    }

    private String channel(String instance) {
        return prefix + "instance:" + instance;
    }

    @Override
    public void bind(Here here) {
        Objects.requireNonNull(here, "here");
        synchronized (this) {
            if (this.here != null) {
                throw new IllegalStateException("the directory is bound to a feature's connections already");
            }
            this.here = here;
        }
        subscribed();
        Duration every = ttl.dividedBy(3);
        refresher = Flux.interval(every, every).subscribe(tick -> refresh(), error -> log.warn("refresh ended", error));
    }

    @Override
    public Mono<Void> opened(String connectionId) {
        if (closed) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> register(connectionId)).then().onErrorResume(error -> {
            log.debug("Connection {} not registered in Redis yet (the next refresh tries again): {}", connectionId,
                    error.toString());
            return Mono.empty();
        });
    }

    @Override
    public void closed(String connectionId) {
        if (!closed) {
            RedisConnector.bounded(redis.execute(c -> c.del(key(connectionId))), timeout).exceptionally(error -> {
                log.debug("Connection {} not removed from Redis (its key expires with its TTL): {}", connectionId,
                        error.toString());
                return null;
            });
        }
    }

    private CompletableFuture<String> register(String connectionId) {
        return RedisConnector.bounded(redis.execute(c -> c.set(key(connectionId), owner,
                SetArgs.Builder.px(ttl.toMillis()))), timeout);
    }

    /**
     * Writes the key of every connection open here again, with a new TTL (done every third of the TTL), and opens the
     * pub/sub connection when it is not open. Completes once Redis answered every write; fails when one failed.
     */
    public CompletableFuture<Void> refresh() {
        Here bound = here;
        if (bound == null || closed) {
            return CompletableFuture.completedFuture(null);
        }
        subscribed();
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (String id : bound.ids()) {
            writes.add(register(id));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        all.exceptionally(error -> {
            log.warn("The keys of {} WebSocket connections were not all refreshed in Redis: {}", writes.size(),
                    error.toString());
            return null;
        });
        return all;
    }

    /** The pub/sub connection subscribed to this instance's channel, opened (again, after a failure) when needed. */
    private CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> subscribed() {
        while (true) {
            CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> current = subscription.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> next = new CompletableFuture<>();
            if (subscription.compareAndSet(current, next)) {
                subscribe(next);
                return next;
            }
        }
    }

    private void subscribe(CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> result) {
        redis.connectPubSub().whenComplete((connection, error) -> {
            if (error != null) {
                log.warn("Cannot subscribe to {} in Redis (tried again at the next refresh): {}", channel, error.toString());
                result.completeExceptionally(error);
                return;
            }
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, byte[] message) {
                    received(message);
                }
            });
            connection.async().subscribe(channel).whenComplete((done, subscribeError) -> {
                if (subscribeError != null || closed) {
                    connection.closeAsync();
                    result.completeExceptionally(subscribeError != null ? subscribeError
                            : new IllegalStateException("the directory is closed"));
                } else if (!result.complete(connection)) {
                    // the attempt was given up meanwhile: a second listener on the channel would serve requests twice
                    connection.closeAsync();
                }
            });
        });
    }

    private void received(byte[] message) {
        Object read = DirectoryMessage.read(message);
        if (read instanceof DirectoryMessage.Reply reply) {
            CompletableFuture<DirectoryMessage.Reply> waiting = pending.remove(reply.requestId());
            if (waiting != null) {
                waiting.complete(reply);
            }
        } else if (read instanceof DirectoryMessage.Request request) {
            serve(request);
        } else {
            log.debug("A message on {} that is no directory message ({} bytes) dropped", channel, message.length);
        }
    }

    /** Carries out another instance's request on a connection of this one, and publishes the outcome to it. */
    private void serve(DirectoryMessage.Request request) {
        Here bound = here;
        Mono<@Nullable ConnectionInfo> operation;
        if (bound == null) {
            operation = Mono.error(Here.gone(request.connectionId()));
        } else {
            operation = switch (request.kind()) {
                case DirectoryMessage.SEND -> bound.send(request.scope(), request.connectionId(), request.data())
                        .then(Mono.empty());
                case DirectoryMessage.CLOSE -> bound.close(request.scope(), request.connectionId()).then(Mono.empty());
                default -> bound.get(request.scope(), request.connectionId()).map(info -> info);
            };
        }
        operation.map(info -> DirectoryMessage.reply(request.requestId(), null, "", info))
                .defaultIfEmpty(DirectoryMessage.reply(request.requestId(), null, "", null))
                .onErrorResume(ConnectionException.class, e -> Mono.just(DirectoryMessage.reply(request.requestId(),
                        e.reason(), String.valueOf(e.getMessage()), null)))
                .onErrorResume(e -> Mono.just(DirectoryMessage.reply(request.requestId(),
                        ConnectionException.Reason.UNAVAILABLE, "the connection's instance failed: " + e, null)))
                .flatMap(reply -> Mono.fromFuture(() -> RedisConnector.bounded(
                        redis.execute(c -> c.publish(request.replyTo(), reply)), timeout)))
                .subscribe(null, error -> log.debug("An answer to {} was not published: {}", request.replyTo(),
                        error.toString()));
    }

    @Override
    public Mono<Void> send(ConnectionScope scope, String connectionId, byte[] data) {
        return ask(DirectoryMessage.SEND, scope, connectionId, data).then();
    }

    @Override
    public Mono<ConnectionInfo> get(ConnectionScope scope, String connectionId) {
        return ask(DirectoryMessage.GET, scope, connectionId, new byte[0]).flatMap(reply -> Mono.justOrEmpty(reply.info()))
                .switchIfEmpty(Mono.error(() -> unavailable("the connection's instance described no connection", null)));
    }

    @Override
    public Mono<Void> close(ConnectionScope scope, String connectionId) {
        return ask(DirectoryMessage.CLOSE, scope, connectionId, new byte[0]).then();
    }

    /** Has the instance holding {@code connectionId} carry out a request; its answer, or the failure. */
    private Mono<DirectoryMessage.Reply> ask(byte kind, ConnectionScope scope, String connectionId, byte[] data) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(unavailable("the connection directory is closed", null));
            }
            String known = owners.getIfPresent(connectionId);
            Mono<String> owner = known != null ? Mono.just(known)
                    : Mono.fromFuture(() -> RedisConnector.bounded(redis.execute(c -> c.get(key(connectionId))), timeout))
                    .onErrorMap(e -> !(e instanceof ConnectionException), e -> unavailable(
                            "the connection registry (Redis) cannot be reached", e))
                    .map(holder -> new String(holder, StandardCharsets.UTF_8));
            return owner
                    .switchIfEmpty(Mono.error(() -> Here.gone(connectionId)))
                    .flatMap(instance -> {
                        if (instance.equals(instanceId)) {
                            // registered here, but not open here any more: it ended as it was asked for
                            return Mono.error(Here.gone(connectionId));
                        }
                        // a connection never moves: its instance is remembered (forgotten when it is gone)
                        owners.put(connectionId, instance);
                        return Mono.fromFuture(() -> request(instance, kind, scope, connectionId, data));
                    })
                    .doOnError(ConnectionException.class, e -> {
                        if (e.reason() == ConnectionException.Reason.GONE) {
                            owners.invalidate(connectionId);
                        }
                    })
                    .flatMap(reply -> {
                        ConnectionException.Reason failure = reply.failure();
                        if (failure == ConnectionException.Reason.GONE) {
                            owners.invalidate(connectionId);
                        }
                        if (failure == ConnectionException.Reason.UNAVAILABLE) {
                            return Mono.error(unavailable(reply.message(), null));
                        }
                        return failure == null ? Mono.just(reply)
                                : Mono.error(new ConnectionException(failure, reply.message()));
                    });
        });
    }

    private CompletableFuture<DirectoryMessage.Reply> request(String instance, byte kind, ConnectionScope scope,
                                                            String connectionId, byte[] data) {
        String requestId = instanceId + "-" + requests.incrementAndGet();
        CompletableFuture<DirectoryMessage.Reply> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        // the answer comes on this instance's channel: listen there first (a dependent future: the bound, when it
        // fires, must not cancel the shared subscription)
        return RedisConnector.bounded(subscribed().thenApply(listening -> listening), timeout)
                .thenCompose(listening -> {
                    pending.put(requestId, answer);
                    byte[] message = DirectoryMessage.request(kind, requestId, channel, connectionId, scope, data);
                    return RedisConnector.bounded(redis.execute(c -> c.publish(channel(instance), message)),
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                })
                .thenCompose(heard -> {
                    if (heard == 0 && !redis.cluster()) {
                        // nobody listens on the owner's channel: it died with its key still there
                        pending.remove(requestId);
                        redis.execute(c -> c.del(key(connectionId)));
                        return CompletableFuture.failedFuture(Here.gone(connectionId));
                    }
                    return RedisConnector.bounded(answer, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                })
                .handle((reply, error) -> {
                    pending.remove(requestId);
                    if (error == null) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof ConnectionException) {
                        return CompletableFuture.<DirectoryMessage.Reply>failedFuture(cause);
                    }
                    String what = cause instanceof TimeoutException
                            ? "the instance holding connection " + connectionId + " did not answer within "
                                    + timeout.toMillis() + " ms"
                            : "the connection's instance cannot be reached through Redis";
                    return CompletableFuture.<DirectoryMessage.Reply>failedFuture(unavailable(what, cause));
                })
                .thenCompose(result -> result);
    }

    private ConnectionException unavailable(String what, @Nullable Throwable cause) {
        failures.incrementAndGet();
        String message = cause == null ? what : what + ": " + cause;
        log.debug("WebSocket connection directory: {}", message);
        return new ConnectionException(ConnectionException.Reason.UNAVAILABLE, message);
    }

    /**
     * Stops refreshing and listening, and deletes the keys of the connections still open here (waiting up to the
     * timeout for Redis), so that the other instances find them gone at once rather than after the TTL.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Disposable refreshing = refresher;
        if (refreshing != null) {
            refreshing.dispose();
        }
        Here bound = here;
        if (bound != null && !bound.ids().isEmpty()) {
            String[] keys = bound.ids().stream().map(this::key).toArray(String[]::new);
            List<CompletableFuture<Long>> deletes = new ArrayList<>();
            for (String key : keys) {
                deletes.add(redis.execute(c -> c.del(key)));
            }
            try {
                CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("The keys of this instance's WebSocket connections were not all deleted from Redis (they "
                        + "expire within {} s): {}", ttl.toSeconds(), e.toString());
            }
        }
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> listening = subscription.getAndSet(null);
        if (listening != null) {
            listening.thenAccept(StatefulRedisPubSubConnection::closeAsync);
        }
        pending.values().forEach(waiting -> waiting.completeExceptionally(
                new IllegalStateException("the connection directory is closed")));
    }

    @Override
    public String toString() {
        return "Redis (" + prefix + "*, instance " + instanceId + ")";
    }
}
