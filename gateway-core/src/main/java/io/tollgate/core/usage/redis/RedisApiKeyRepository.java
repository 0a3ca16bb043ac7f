package io.tollgate.core.usage.redis;

import io.lettuce.core.ScriptOutputType;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.redis.RedisKeys;
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
 * API keys in Redis, shared by every gateway instance that uses the same Redis and prefix. Layout, every key with the
 * hash tag {@code {apikeys}}, so that the scripts below, which read the index and then the hash it names, keep to one
 * slot of a Redis Cluster (the keys of a fleet are few, and each instance remembers its lookups):
 * <ul>
 *   <li>{@code prefix + "{apikeys}:id:" + id}: a hash of the key's fields (see {@link ApiKeyFields});</li>
 *   <li>{@code prefix + "{apikeys}:value:" + value}: the id of the key with that value (the index callers look
 *   up);</li>
 *   <li>{@code prefix + "{apikeys}"}: the set of all ids ({@link #findAll()} reads it, never the whole keyspace).</li>
 * </ul>
 * Keys saved by earlier versions, without the tag ({@code prefix + "apikey:id:" + id}, {@code "apikey:value:"},
 * {@code "apikeys"}), are moved to this layout by the first operation of each repository (one script; on a Redis
 * Cluster, where the old layout never was, there is nothing to move).
 * Round trips: {@link #findByValue} 1 (a Lua script reads the index and the hash), {@link #findById} 1,
 * {@link #save} 1 and {@link #delete} 1 (Lua scripts, atomic: the index never points at a key that does not have
 * that value, and an update that changes a key's value removes the old value's entry), {@link #findAll} 1 plus one
 * per key (pipelined on the connection).
 * <p>
 * Logs never show a whole key value. Failures (Redis unreachable, no answer within the timeout) are errors of
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

    /**
     * KEYS: the old layout's ids, this layout's ids. ARGV: the old hashes' prefix, the old value index's prefix, the
     * hashes' prefix, the value index's prefix. Moves each old key that this layout does not have yet (an instance of
     * this version may have saved it since), and its value's index entry; drops the rest. Answers how many moved.
     */
    private static final LuaScript MOVE_OLD_LAYOUT = new LuaScript("""
            local moved = 0
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local old = ARGV[1] .. id
              local value = redis.call('HGET', old, 'value')
              if value and redis.call('GET', ARGV[2] .. value) == id then
                redis.call('DEL', ARGV[2] .. value)
              end
              if value and redis.call('EXISTS', ARGV[3] .. id) == 0 and redis.call('EXISTS', ARGV[4] .. value) == 0 then
                redis.call('RENAME', old, ARGV[3] .. id)
                redis.call('SET', ARGV[4] .. value, id)
                redis.call('SADD', KEYS[2], id)
                moved = moved + 1
              else
                redis.call('DEL', old)
              end
            end
            redis.call('DEL', KEYS[1])
            return moved
            """, ScriptOutputType.INTEGER);

    private final RedisConnector connector;
    private final Duration timeout;
    private final String prefix;
    private final String byIdPrefix;
    private final String byValuePrefix;
    private final String idsKey;
    /** Whether the old layout was looked for (and moved) by this repository. */
    private volatile boolean layoutChecked;

    /**
     * @param connector      the connection (shared; the caller closes it)
     * @param prefix         the prefix of every Redis key written (e.g. {@link RedisConnector#DEFAULT_PREFIX})
     * @param commandTimeout how long one operation may take before it fails with a
     *                       {@link java.util.concurrent.TimeoutException}
     */
    public RedisApiKeyRepository(RedisConnector connector, String prefix, Duration commandTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.timeout = RedisRateLimiterStore.requirePositive(commandTimeout);
        this.prefix = RedisKeys.requireValidPrefix(prefix);
        this.byIdPrefix = prefix + "{apikeys}:id:";
        this.byValuePrefix = prefix + "{apikeys}:value:";
        this.idsKey = prefix + "{apikeys}";
    }

    /**
     * {@code operation}, after the old layout was moved (once per repository: later operations go straight on). On a
     * Redis Cluster the old and new sets are in two slots and Redis refuses the script (CROSSSLOT): there was no old
     * layout there, since this repository refused clusters before it had this one.
     */
    private <T> Mono<T> moved(Mono<T> operation) {
        if (layoutChecked) {
            return operation;
        }
        return MOVE_OLD_LAYOUT.<Long>run(connector, timeout, new String[] {prefix + "apikeys", idsKey},
                        LuaScript.arg(prefix + "apikey:id:"), LuaScript.arg(prefix + "apikey:value:"),
                        LuaScript.arg(byIdPrefix), LuaScript.arg(byValuePrefix))
                .doOnNext(count -> {
                    layoutChecked = true;
                    if (count > 0) {
                        log.info("Moved {} API keys to the Redis layout with the {{apikeys}} hash tag", count);
                    }
                })
                .onErrorResume(error -> String.valueOf(error.getMessage()).startsWith("CROSSSLOT"), error -> {
                    layoutChecked = true;
                    return Mono.empty();
                })
                .then(operation);
    }

    @Override
    public Mono<ApiKey> findByValue(String value) {
        Objects.requireNonNull(value, "value");
        return moved(FIND_BY_VALUE.<List<Object>>run(connector, timeout, new String[] {byValuePrefix + value},
                        LuaScript.arg(byIdPrefix)))
                .flatMap(flat -> Mono.justOrEmpty(ApiKeyFields.decode(ApiKeyFields.text(flat))))
                .filter(key -> key.value().equals(value));
    }

    @Override
    public Mono<ApiKey> findById(String id) {
        Objects.requireNonNull(id, "id");
        return moved(connector.mono(timeout, redis -> redis.hgetall(byIdPrefix + id)))
                .flatMap(hash -> Mono.justOrEmpty(ApiKeyFields.decode(ApiKeyFields.text(hash))));
    }

    @Override
    public Flux<ApiKey> findAll() {
        return moved(connector.mono(timeout, redis -> redis.smembers(idsKey)))
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
        return moved(SAVE.<byte[]>run(connector, timeout, keys, args.toArray(byte[][]::new)))
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
        return moved(DELETE.<Long>run(connector, timeout, new String[] {byIdPrefix + id, idsKey}, LuaScript.arg(id),
                LuaScript.arg(byValuePrefix))).map(deleted -> deleted == 1L);
    }
}
