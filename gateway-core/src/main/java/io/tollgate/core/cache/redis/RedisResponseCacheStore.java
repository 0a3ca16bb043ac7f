package io.tollgate.core.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.tollgate.core.cache.CachedResponse;
import io.tollgate.core.cache.ResponseCacheStore;
import io.tollgate.core.redis.RedisConnector;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One API stage's cache in Redis, shared by every gateway instance on the same Redis and prefix: a response cached
 * through one instance is a hit on the others, and a flush through any of them empties the stage for all.
 *
 * <h2>Keys and values</h2>
 * Each entry is one string key, {@code <prefix>cache:<api>:<stage>:<hash>}, where {@code <hash>} is the SHA-256 of the
 * key the cache stage built (API, stage, method, resource path, key parameters and, on routes that key by caller, the
 * caller), in unpadded base64url (43 characters). Hashed because that key may hold an API key's value, a principal or
 * a custom authorizer's identity sources (a bearer token): whoever may list the keys of the Redis must not read them
 * there. Callers stay apart exactly as in the local store: different cache-stage keys have different hashes (a SHA-256
 * collision aside). API and stage names have no {@code :} (the model allows letters, digits, {@code -}, {@code _} and
 * {@code $default}), so no two stages share a key prefix. The value is {@link CachedResponseCodec}'s binary form of the
 * status, headers and body, with a version byte; a value that is not of that form reads as a miss.
 *
 * <h2>Round trips</h2>
 * A lookup is one {@code GET}, shared by the lookups of the same entry that arrive while it is on its way (a hot entry
 * costs one round trip per batch of concurrent hits); a store one {@code SET key value PX ttl} (the entry expires in Redis with its TTL, so no
 * instance ever reads it later); an invalidation one {@code DEL}. Every command touches one key, so all of them work
 * on a Redis Cluster, whose slots spread one stage's entries over every primary.
 *
 * <h2>Flushing a stage</h2>
 * {@link #flush()} walks the keyspace with {@code SCAN MATCH <prefix>cache:<api>:<stage>:*} and deletes what it finds,
 * one {@code DEL} per hash slot of each page (so each command touches one slot). On a Redis Cluster connection
 * (Lettuce's {@code RedisAdvancedClusterAsyncCommands}), {@code SCAN} goes through every primary in turn, its cursor
 * naming the node, so the flush reaches all of them. The alternative, a generation number per stage that every key
 * names, would flush in one command, but then a lookup must first learn the generation: a second round trip, or a Lua
 * script reading both keys, which must then share a slot (a hash tag per stage), putting a whole stage's cache on one
 * primary. Flushes are rare (an operator, a deployment) and lookups are the hot path, so lookups stay one {@code GET}
 * and a flush costs a scan: about one round trip per 1,000 keys of the whole Redis (every key is scanned, matching or
 * not), each bounded by the timeout. Like the local store's flush, it does not stop a response being fetched at that
 * moment from being stored just after.
 *
 * <h2>Capacity</h2>
 * Redis bounds the cache, not the stage's {@code capacity}: set {@code maxmemory} and a {@code maxmemory-policy} that
 * evicts, {@code allkeys-lru} on a Redis that holds only caches, {@code volatile-ttl} on one the usage store shares
 * (it evicts the keys closest to expiring: cache entries and token buckets about to be full again go before quota
 * counters, which last their period; API keys have no expiry and are never evicted). With Redis's default
 * {@code noeviction}, a full Redis refuses writes: entries are then not stored (counted as failures) and lookups go on. An entry's body is at most
 * {@link io.tollgate.core.api.cache.StageCache#MAX_ENTRY_BYTES} (1 MB, AWS's limit): a larger one is not stored.
 * {@link #stats()} knows neither the entries nor their bytes (counting them would take a scan): it answers -1.
 *
 * <h2>Failures</h2>
 * Every command is bounded by the timeout. Redis unreachable, slow, answering an error, or holding an entry that
 * cannot be read makes {@link #get} empty (a miss) and {@link #put} and {@link #invalidate} do nothing: none of them
 * ever signals an error, and a late answer after the timeout is dropped silently (never into Reactor's
 * {@code onErrorDropped}). Failures are counted ({@link #failures()}, shared by the stores of one factory) and logged
 * at WARN at most once every 10 seconds. {@link #flush()} is the exception: it fails with the error, so that whoever
 * asked for it (the actuator's {@code DELETE}) learns the stage was not flushed.
 * <p>
 * Results are signalled on Lettuce's I/O threads (or Reactor's timer thread for a timeout). The connector is shared
 * and owned by the caller, which closes it; a store has nothing to close.
 */
public final class RedisResponseCacheStore implements ResponseCacheStore {

    /** How many keys one {@code SCAN} of a flush asks for. */
    static final int SCAN_COUNT = 1000;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Stats UNKNOWN = new Stats(-1, -1, -1, -1);
    /** What a read answers when there is no entry (or none that can be read). */
    private static final Object MISS = new Object();

    private final RedisConnector connector;
    private final String keyPrefix;
    private final ScanArgs scan;
    private final Duration timeout;
    private final String stage;
    private final StoreFailures failures;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    /**
     * @param connector the connection (shared; the caller closes it)
     * @param prefix    the prefix of every Redis key (e.g. {@link RedisConnector#DEFAULT_PREFIX}); instances with the
     *                  same Redis and prefix share their stage caches
     * @param api       the API's name
     * @param stage     the stage's name
     * @param timeout   how long one command may take before a lookup is a miss and a write is skipped
     */
    public RedisResponseCacheStore(RedisConnector connector, String prefix, String api, String stage, Duration timeout) {
        this(connector, prefix, api, stage, timeout, new StoreFailures(Ticker.systemTicker()));
    }

    RedisResponseCacheStore(RedisConnector connector, String prefix, String api, String stage, Duration timeout,
                            StoreFailures failures) {
        this.connector = Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(prefix, "prefix");
        if (api.isEmpty() || stage.isEmpty() || api.indexOf(':') >= 0 || stage.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an API and a stage name are not empty and have no ':', were '" + api
                    + "' and '" + stage + "'");
        }
        this.timeout = requirePositive(timeout);
        this.keyPrefix = prefix + "cache:" + api + ":" + stage + ":";
        this.scan = ScanArgs.Builder.matches(glob(keyPrefix) + "*").limit(SCAN_COUNT);
        this.stage = api + "/" + stage;
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    static Duration requirePositive(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    @Override
    public Mono<CachedResponse> get(String key) {
        String redisKey = redisKey(key);
        return Mono.<Object>create(sink -> {
                    while (true) {
                        Read read = reads.computeIfAbsent(redisKey, Read::new);
                        int joined = read.join(sink);
                        if (joined == Read.FIRST) {
                            read.send();
                        }
                        if (joined != Read.TOO_LATE) {
                            return;
                        }
                    }
                })
                .flatMap(found -> found instanceof CachedResponse response ? Mono.just(response) : Mono.empty());
    }

    /**
     * The lookups of one key that arrive while its {@code GET} is on its way: they share it, and its answer, decoded
     * once (an entry is immutable; each hit copies the headers it sends). A hot key costs one round trip per batch of
     * concurrent hits, not per hit. A lookup that comes after the answer starts a new read.
     */
    private final class Read {

        static final int FIRST = 0;
        static final int JOINED = 1;
        static final int TOO_LATE = 2;

        private final String redisKey;
        private List<MonoSink<Object>> waiting = new ArrayList<>(4);
        private boolean answered;

        Read(String redisKey) {
            this.redisKey = redisKey;
        }

        synchronized int join(MonoSink<Object> sink) {
            if (answered) {
                return TOO_LATE;
            }
            waiting.add(sink);
            return waiting.size() == 1 ? FIRST : JOINED;
        }

        void send() {
            lenient("read an entry", () -> connector.execute(redis -> redis.get(redisKey)))
                    .map(value -> {
                        CachedResponse response = CachedResponseCodec.decode(value);
                        if (response == null) {
                            failures.record("read an entry", stage, "the value under " + redisKey
                                    + " is not a cached response of this gateway's format (version "
                                    + CachedResponseCodec.VERSION + ")");
                            return MISS;
                        }
                        return (Object) response;
                    })
                    .defaultIfEmpty(MISS)
                    .subscribe(this::answer);
        }

        /** Everyone who joined gets {@code found} (the entry, or {@link #MISS}): as values, never as errors. */
        private void answer(Object found) {
            List<MonoSink<Object>> joined;
            synchronized (this) {
                answered = true;
                joined = waiting;
                waiting = List.of();
            }
            reads.remove(redisKey, this);
            joined.forEach(sink -> sink.success(found));
        }
    }

    @Override
    public Mono<Void> put(String key, CachedResponse response, Duration ttl) {
        return Mono.defer(() -> {
            if (ttl.isNegative() || ttl.isZero()) {
                return Mono.empty();
            }
            byte[] value = CachedResponseCodec.encode(response);
            if (value == null) {
                // over the entry limit, or headers that would not read back: not cached, as in the local store
                return Mono.empty();
            }
            String redisKey = redisKey(key);
            SetArgs expiry = SetArgs.Builder.px(Math.max(1, ttl.toMillis()));
            return lenient("store an entry", () -> connector.execute(redis -> redis.set(redisKey, value, expiry)))
                    .then();
        });
    }

    @Override
    public Mono<Void> invalidate(String key) {
        return Mono.defer(() -> {
            String redisKey = redisKey(key);
            return lenient("invalidate an entry", () -> connector.execute(redis -> redis.del(redisKey))).then();
        });
    }

    /** Deletes every entry of the stage (see the class comment); fails, after counting it, when Redis does. */
    @Override
    public Mono<Void> flush() {
        return Mono.defer(() -> scan(ScanCursor.INITIAL)
                .expand(page -> page.isFinished() ? Mono.empty() : scan(page))
                .concatMap(page -> delete(page.getKeys()))
                .then()
                .doOnError(error -> failures.record("flush", stage, error)));
    }

    private Mono<KeyScanCursor<String>> scan(ScanCursor cursor) {
        return command(() -> connector.execute(redis -> redis.scan(cursor, scan)));
    }

    /** Deletes {@code keys}, one command per hash slot. */
    private Mono<Void> delete(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        for (String key : keys) {
            bySlot.computeIfAbsent(SlotHash.getSlot(key), slot -> new ArrayList<>()).add(key);
        }
        return Flux.fromIterable(bySlot.values())
                .flatMap(slotKeys -> {
                    String[] names = slotKeys.toArray(String[]::new);
                    return command(() -> connector.execute(redis -> redis.del(names)));
                })
                .then();
    }

    /** A store's figures are not known without a scan: -1 each. */
    @Override
    public Stats stats() {
        return UNKNOWN;
    }

    /** How many operations of this store's factory (or of this store, when made alone) failed or timed out. */
    public long failures() {
        return failures.count();
    }

    /** The Redis key of the entry the cache stage keys {@code key}: see the class comment. */
    public String redisKey(String key) {
        MessageDigest sha = SHA_256.get();
        byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
        return keyPrefix + BASE64URL.encodeToString(digest);
    }

    /** The prefix of every key of this stage: {@code <prefix>cache:<api>:<stage>:}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** {@code send}'s command, whose failure is counted and logged and ends as an empty Mono. */
    private <T> Mono<T> lenient(String operation, Supplier<CompletableFuture<T>> send) {
        return this.<T>command(send).onErrorResume(error -> {
            failures.record(operation, stage, error);
            return Mono.empty();
        });
    }

    /**
     * {@code send}'s command as a Mono: its answer (empty for a null answer), or its error, or a
     * {@link java.util.concurrent.TimeoutException} after the timeout (the command is then cancelled). Bounded by the
     * future itself ({@link RedisConnector#bounded}), as every Redis store's commands: a caller that gives up cancels
     * it, and a cancelled future never fails later.
     */
    private <T> Mono<T> command(Supplier<CompletableFuture<T>> send) {
        return Mono.fromFuture(() -> RedisConnector.bounded(send.get(), timeout));
    }

    /** {@code text} with Redis's glob characters escaped, for {@code SCAN MATCH}. */
    static String glob(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return "RedisResponseCacheStore[" + keyPrefix + "]";
    }
}
