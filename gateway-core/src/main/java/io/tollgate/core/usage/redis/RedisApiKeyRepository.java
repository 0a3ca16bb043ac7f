package io.tollgate.core.usage.redis;

import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.ApiKeyRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * API keys in Redis, shared by every gateway instance that uses the same Redis and prefix. Layout:
 * <ul>
 *   <li>{@code prefix + "apikey:id:" + id}: a hash of the key's fields (see {@link ApiKeyFields});</li>
 *   <li>{@code prefix + "apikey:value:" + value}: the id of the key with that value (the index callers look up);</li>
 *   <li>{@code prefix + "apikeys"}: the set of all ids ({@link #findAll()} reads it, never the whole keyspace).</li>
 * </ul>
 * Round trips: {@link #findByValue} 1 (a Lua script reads the index and the hash), {@link #findById} 1,
 * {@link #save} 1 and {@link #delete} 1 (Lua scripts, atomic: the index never points at a key that does not have
 * that value, and an update that changes a key's value removes the old value's entry), {@link #findAll} 1 plus one
 * per key (pipelined on the connection).
 * <p>
 * The scripts name keys they compute, so this needs a standalone Redis (or a primary with replicas), not a Redis
 * Cluster. Logs never show a whole key value. Failures (Redis unreachable, no answer within the timeout) are errors of
 * the returned publishers.
 */
public final class RedisApiKeyRepository implements ApiKeyRepository {

    private static final Logger log = LoggerFactory.getLogger(RedisApiKeyRepository.class);

    /**
     * KEYS: hash, value index, ids. ARGV: id, value, the value index's prefix, the hashes' prefix, then the hash's
     * field/value pairs. Answers the id of another key that has the value (and changes nothing), or nil. An index
     * entry whose key no longer has that value (its hash deleted by hand) does not count.
     */
    private static final LuaScript SAVE = new LuaScript("""
            local owner = redis.call('GET', KEYS[2])
            if owner and owner ~= ARGV[1] and redis.call('HGET', ARGV[4] .. owner, 'value') == ARGV[2] then
              return owner
            end
            local old = redis.call('HGET', KEYS[1], 'value')
            if old and old ~= ARGV[2] and redis.call('GET', ARGV[3] .. old) == ARGV[1] then
              redis.call('DEL', ARGV[3] .. old)
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 5))
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('SADD', KEYS[3], ARGV[1])
            return false
            """, ScriptOutputType.VALUE);

    /** KEYS: value index. ARGV: the hashes' prefix. Answers the hash's fields and values, flat (none when missing). */
    private static final LuaScript FIND_BY_VALUE = new LuaScript("""
            local id = redis.call('GET', KEYS[1])
            if not id then
              return {}
            end
            return redis.call('HGETALL', ARGV[1] .. id)
            """, ScriptOutputType.MULTI);

    /** KEYS: hash, ids. ARGV: id, the value index's prefix. Answers 1 when the key existed. */
    private static final LuaScript DELETE = new LuaScript("""
            redis.call('SREM', KEYS[2], ARGV[1])
            local value = redis.call('HGET', KEYS[1], 'value')
            if not value then
              return 0
            end
            if redis.call('GET', ARGV[2] .. value) == ARGV[1] then
              redis.call('DEL', ARGV[2] .. value)
            end
            redis.call('DEL', KEYS[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisConnector connector;
    private final Duration timeout;
    private final String byIdPrefix;
    private final String byValuePrefix;
    private final String idsKey;

    /**
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one operation may take before it fails with a
     *                       {@link java.util.concurrent.TimeoutException}
     */
    public RedisApiKeyRepository(RedisConnector connector, String prefix, Duration commandTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.timeout = RedisRateLimiterStore.requirePositive(commandTimeout);
        this.byIdPrefix = Objects.requireNonNull(prefix, "prefix") + "apikey:id:";
        this.byValuePrefix = prefix + "apikey:value:";
        this.idsKey = prefix + "apikeys";
    }

    @Override
    public Mono<ApiKey> findByValue(String value) {
        Objects.requireNonNull(value, "value");
        return FIND_BY_VALUE.<List<Object>>run(connector, timeout, new String[] {byValuePrefix + value},
                        LuaScript.arg(byIdPrefix))
                .flatMap(flat -> Mono.justOrEmpty(ApiKeyFields.decode(ApiKeyFields.text(flat))))
                .filter(key -> key.value().equals(value));
    }

    @Override
    public Mono<ApiKey> findById(String id) {
        Objects.requireNonNull(id, "id");
        return connector.mono(timeout, redis -> redis.hgetall(byIdPrefix + id))
                .flatMap(hash -> Mono.justOrEmpty(ApiKeyFields.decode(ApiKeyFields.text(hash))));
    }

    @Override
    public Flux<ApiKey> findAll() {
        return connector.mono(timeout, redis -> redis.smembers(idsKey))
                .flatMapMany(ids -> Flux.fromStream(ids.stream().map(ApiKeyFields::utf8).sorted()))
                .flatMapSequential(this::findById, 32);
    }

    @Override
    public Mono<ApiKey> save(ApiKey key) {
        Objects.requireNonNull(key, "key");
        Map<String, String> fields = ApiKeyFields.encode(key);
        List<byte[]> args = new ArrayList<>();
        args.add(LuaScript.arg(key.id()));
        args.add(LuaScript.arg(key.value()));
        args.add(LuaScript.arg(byValuePrefix));
        args.add(LuaScript.arg(byIdPrefix));
        fields.forEach((field, value) -> {
            args.add(LuaScript.arg(field));
            args.add(LuaScript.arg(value));
        });
        String[] keys = {byIdPrefix + key.id(), byValuePrefix + key.value(), idsKey};
        return SAVE.<byte[]>run(connector, timeout, keys, args.toArray(byte[][]::new))
                .flatMap(owner -> {
                    log.debug("Refused to save API key {} ({}): key {} has this value", key.id(), key.maskedValue(),
                            ApiKeyFields.utf8(owner));
                    return Mono.<ApiKey>error(new IllegalArgumentException(
                            "another key (" + ApiKeyFields.utf8(owner) + ") has this value"));
                })
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    log.debug("Saved API key {} ({})", key.id(), key.maskedValue());
                    return key;
                }));
    }

    @Override
    public Mono<Boolean> delete(String id) {
        Objects.requireNonNull(id, "id");
        return DELETE.<Long>run(connector, timeout, new String[] {byIdPrefix + id, idsKey}, LuaScript.arg(id),
                LuaScript.arg(byValuePrefix)).map(deleted -> deleted == 1L);
    }
}
