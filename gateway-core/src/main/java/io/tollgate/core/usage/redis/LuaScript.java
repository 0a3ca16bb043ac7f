package io.tollgate.core.usage.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
        Mono<T> run = Mono.<T>fromFuture(() -> connector.execute(redis -> redis.evalsha(sha, output, keys, args)))
                .onErrorResume(RedisNoScriptException.class,
                        missing -> Mono.fromFuture(() -> connector.execute(redis -> redis.eval(body, output, keys, args))));
        return RedisConnector.timeout(run, timeout);
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
