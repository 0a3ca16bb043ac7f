package io.tollgate.core.usage.redis;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.redis.RedisConnector;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bucket4j's view of Redis ({@link RedisApi}) through a {@link RedisConnector}, so that the buckets connect lazily
 * like the other stores (Bucket4j's own builders take an open connection). Keys are strings; Bucket4j hands them over
 * in an {@code Object[]} (a generic array), hence {@code RedisApi<Object>}.
 */
final class ConnectorRedisApi implements RedisApi<Object> {

    private final RedisConnector connector;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    ConnectorRedisApi(RedisConnector connector) {
        this.connector = connector;
    }

    @Override
    public <V> RedisFuture<V> eval(String script, ScriptOutputType scriptOutputType, Object[] keys, byte[][] args) {
        String[] names = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            names[i] = (String) keys[i];
        }
        String sha = shas.computeIfAbsent(script, ConnectorRedisApi::sha1);
        // the script's digest instead of its text on every check; the text once when Redis does not know it yet
        CompletableFuture<V> result = connector.<V>execute(redis -> redis.<V>evalsha(sha, scriptOutputType, names, args))
                .exceptionallyCompose(error -> unwrap(error) instanceof RedisNoScriptException
                        ? connector.<V>execute(redis -> redis.<V>eval(script, scriptOutputType, names, args))
                        : CompletableFuture.failedFuture(error));
        return new Adapter<>(result);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Redis's name for a script: the hex SHA-1 of its text. */
    static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public RedisFuture<byte[]> get(Object key) {
        return new Adapter<>(connector.execute(redis -> redis.get((String) key)));
    }

    @Override
    public RedisFuture<?> delete(Object key) {
        return new Adapter<>(connector.execute(redis -> redis.del((String) key)));
    }

    /**
     * A {@link RedisFuture} that completes with {@code source}; when it ends first (cancelled, or timed out by
     * Bucket4j's request timeout), it cancels {@code source} and so the command.
     */
    static final class Adapter<V> extends CompletableFuture<V> implements RedisFuture<V> {

        Adapter(CompletableFuture<V> source) {
            source.whenComplete((value, error) -> {
                if (error != null) {
                    completeExceptionally(error);
                } else {
                    complete(value);
                }
            });
            whenComplete((value, error) -> {
                if (!source.isDone()) {
                    source.cancel(false);
                }
            });
        }

        @Override
        public @Nullable String getError() {
            if (!isCompletedExceptionally()) {
                return null;
            }
            try {
                join();
                return null;
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return String.valueOf(cause.getMessage());
            }
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                get(timeout, unit);
                return true;
            } catch (ExecutionException | CancellationException e) {
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            // futures derived from this one are plain ones
            return new CompletableFuture<>();
        }
    }
}
