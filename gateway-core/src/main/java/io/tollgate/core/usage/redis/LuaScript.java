package io.tollgate.core.usage.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.redis.RedisConnector;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA} (one round trip), and with {@code EVAL} once when Redis does not know it yet
 * (after a restart or {@code SCRIPT FLUSH}), which also loads it for the next calls.
 */
final class LuaScript {

    private final String body;
    private final String sha;
    private final ScriptOutputType output;

    LuaScript(String body, ScriptOutputType output) {
        this.body = body;
        this.output = output;
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The script's SHA-1, as {@code SCRIPT LOAD} answers it. */
    String sha() {
        return sha;
    }

    /** Runs the script on {@code keys} with {@code args}; the whole exchange within {@code timeout}. */
    <T> Mono<T> run(RedisConnector connector, Duration timeout, String[] keys, byte[]... args) {
        return Mono.fromFuture(() -> RedisConnector.bounded(call(connector, keys, args), timeout));
    }

    private <T> CompletableFuture<T> call(RedisConnector connector, String[] keys, byte[]... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> bySha = connector.execute(redis -> redis.evalsha(sha, output, keys, args));
        bySha.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (!(error instanceof RedisNoScriptException) || result.isDone()) {
                result.completeExceptionally(error);
            } else {
                CompletableFuture<T> byText = connector.execute(redis -> redis.eval(body, output, keys, args));
                byText.whenComplete((loaded, failed) -> {
                    if (failed != null) {
                        result.completeExceptionally(failed);
                    } else {
                        result.complete(loaded);
                    }
                });
                result.whenComplete((any, cancelled) -> byText.cancel(false));
            }
        });
        result.whenComplete((any, cancelled) -> bySha.cancel(false));
        return result;
    }

    /** {@code text} as a script argument. */
    static byte[] arg(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code number} as a script argument. */
    static byte[] arg(long number) {
        return arg(Long.toString(number));
    }
}
