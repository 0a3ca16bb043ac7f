package io.tollgate.autoconfigure;

import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * The stage caches, all APIs together ({@code tollgate.cache.*}); each stage's cache is configured at
 * {@code tollgate.apis.<api>.stages.<stage>.cache}, each route's settings at {@code tollgate.apis.<api>.routes[i].cache}.
 *
 * @param enabled      whether stages with a cache use it (false: every request goes to its integration)
 * @param statusHeader the response header telling a cached route's HIT, MISS or REFRESH (Tollgate's own, not an
 *                     AWS header); empty for none
 * @param store        where the stage caches keep their entries: local (each instance its own, bounded by each
 *                     stage's capacity) or redis (shared by every instance with the same Redis and redis-prefix,
 *                     bounded by Redis's maxmemory; on the connection of Tollgate's Redis stores: the application's
 *                     Spring Data Redis connection, or tollgate.usage.redis-url, or spring.data.redis.url)
 * @param redisPrefix  with the redis store: the prefix of the cache's keys in Redis (instances with the same prefix
 *                     share their stage caches)
 * @param storeTimeout with the redis store: how long one Redis command may take before a lookup counts as a miss
 *                     and a write is skipped
 */
@ConfigurationProperties("tollgate.cache")
public record TollgateCacheProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("X-Tollgate-Cache") String statusHeader,
                                      @DefaultValue("local") String store,
                                      @DefaultValue("tollgate:") String redisPrefix,
                                      @DefaultValue("500ms") Duration storeTimeout) {

    /** The values {@code store} takes, as written. */
    static final List<String> STORES = StoreSetting.VALUES;

    /**
     * A stage's response cache (AWS's stage cache cluster and its method settings).
     *
     * @param enabled  whether the stage has a cache (default false)
     * @param capacity how many bytes of responses it holds, evicting by size (default 512MB; AWS offers 0.5GB to 237GB)
     * @param ttl      how long a response stays (default 300 s, at most 3600 s, 0 caches nothing)
     * @param requireAuthorizationForCacheControl whether {@code Cache-Control: max-age=0} needs a caller listed in
     *                 {@code invalidators} (default true, as AWS); false lets anyone refresh entries
     * @param unauthorizedCacheControlHeaderStrategy what {@code max-age=0} from anyone else does:
     *                 {@code SUCCEED_WITH_RESPONSE_HEADER} (default: ignored, with a {@code Warning} header),
     *                 {@code SUCCEED_WITHOUT_RESPONSE_HEADER} (ignored) or {@code FAIL_WITH_403}
     * @param invalidators the callers allowed to invalidate (Tollgate's counterpart of AWS's
     *                 {@code execute-api:InvalidateCache} permission)
     */
    public record StageCacheProperties(@Nullable Boolean enabled, @Nullable DataSize capacity, @Nullable Duration ttl,
                                       @Nullable Boolean requireAuthorizationForCacheControl,
                                       @Nullable UnauthorizedCacheControlHeaderStrategy unauthorizedCacheControlHeaderStrategy,
                                       @Nullable InvalidatorProperties invalidators) {
    }

    /**
     * Who may invalidate cache entries, as the route's authorizer found them.
     *
     * @param principals principal ids ({@code sub} of a JWT, a custom authorizer's {@code principalId}) or IAM user ARNs
     * @param scopes     JWT scopes, any one of them ({@code tollgate:InvalidateCache})
     */
    public record InvalidatorProperties(@Nullable List<String> principals, @Nullable List<String> scopes) {
    }

    /**
     * A route's cache settings, over its stage's.
     *
     * @param enabled         false keeps the route out of its stage's cache (default: cached when its stage is, for
     *                        the methods below)
     * @param ttl             the route's TTL instead of the stage's (0: not cached)
     * @param keyParameters   the request values that vary the cache key besides the method and the route's resource
     *                        path: {@code method.request.querystring.x}, {@code method.request.header.x},
     *                        {@code method.request.path.x}; other values do not (as AWS: declare {@code path.id} for
     *                        {@code /pets/{id}} to cache each pet apart)
     * @param methods         the methods cached (default {@code GET})
     * @param publicResponses {@code public}: whether responses of a route with an authorizer or an API key may be
     *                        served to other callers (default false: each caller has its own entries)
     */
    public record RouteCacheProperties(@Nullable Boolean enabled, @Nullable Duration ttl,
                                       @Nullable List<String> keyParameters, @Nullable List<String> methods,
                                       @Name("public") @Nullable Boolean publicResponses) {
    }
}
