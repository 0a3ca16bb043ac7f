package io.tollgate.core.cache;

import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.cache.RouteCache;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds the cache stage to the routes of stages that have a cache, unless the route turns it off, its TTL is 0, or
 * it serves none of the methods cached (by default {@code GET}).
 */
public final class CacheStepFactory implements StepFactory {

    /** The default name of the response header that tells hit or miss (Tollgate's own, not an AWS header). */
    public static final String DEFAULT_STATUS_HEADER = "X-Tollgate-Cache";
    /** How long concurrent misses wait for the first one's response by default before calling the backend themselves. */
    public static final Duration DEFAULT_COALESCE_WAIT = Duration.ofSeconds(30);

    private final StageCaches caches;
    private final CacheInvalidationPolicy policy;
    private final @Nullable String statusHeader;
    private final Duration coalesceWait;

    /**
     * @param caches       the stores, one per API stage
     * @param policy       who may invalidate with {@code Cache-Control: max-age=0}
     * @param statusHeader the response header telling {@code HIT}, {@code MISS} or {@code REFRESH}; null for none
     * @param coalesceWait how long concurrent misses of one key wait for the first one's response
     */
    public CacheStepFactory(StageCaches caches, CacheInvalidationPolicy policy, @Nullable String statusHeader,
                            Duration coalesceWait) {
        this.caches = Objects.requireNonNull(caches);
        this.policy = Objects.requireNonNull(policy);
        this.statusHeader = statusHeader == null || statusHeader.isBlank() ? null : statusHeader;
        this.coalesceWait = Objects.requireNonNull(coalesceWait);
    }

    @Override
    public Optional<PipelineStep> create(RouteContext context) {
        StageCache stageCache = context.stage().cache();
        if (context.route().isEmpty() || stageCache == null) {
            return Optional.empty();
        }
        Route route = context.route().get();
        RouteCache settings = route.cache();
        if (Boolean.FALSE.equals(settings.enabled())) {
            return Optional.empty();
        }
        Duration ttl = settings.ttl() != null ? settings.ttl() : stageCache.ttl();
        RouteKey key = route.key();
        boolean anyMethod = key.isDefault() || RouteKey.ANY.equals(key.method());
        if (ttl.isZero() || (!anyMethod && !settings.methods().contains(key.method()))) {
            return Optional.empty();
        }
        return Optional.of(new CacheStep(caches.store(context.api(), context.stage()),
                new CacheKeys(context.api(), context.stage(), route), settings.methods(), ttl, stageCache, policy,
                statusHeader, coalesceWait));
    }
}
