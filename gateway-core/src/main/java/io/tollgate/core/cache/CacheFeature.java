package io.tollgate.core.cache;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * Stage caches: the responses of stages with a cache, kept in {@link StageCaches} that outlive any build. Without
 * this feature every request is served by its integration.
 */
public final class CacheFeature implements GatewayFeature {

    private final @Nullable StageCaches caches;
    private final CacheInvalidationPolicy policy;
    private final @Nullable String statusHeader;
    private final Duration coalesceWait;
    private @Nullable StageCaches local;
    private @Nullable Contribution contribution;

    /** One Caffeine store per API stage, on the gateway's ticker; the configured callers may invalidate. */
    public CacheFeature() {
        this(null, CacheInvalidationPolicy.CONFIGURED, CacheStepFactory.DEFAULT_STATUS_HEADER,
                CacheStepFactory.DEFAULT_COALESCE_WAIT);
    }

    /**
     * @param caches       the stores (null: one Caffeine store per API stage, on the gateway's ticker); keep it to flush
     * @param policy       who may invalidate entries with {@code Cache-Control: max-age=0}
     * @param statusHeader the response header telling {@code HIT}, {@code MISS} or {@code REFRESH}; null for none
     * @param coalesceWait how long concurrent misses of one key wait for the first one's response
     */
    public CacheFeature(@Nullable StageCaches caches, CacheInvalidationPolicy policy, @Nullable String statusHeader,
                        Duration coalesceWait) {
        this.caches = caches;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.statusHeader = statusHeader;
        this.coalesceWait = Objects.requireNonNull(coalesceWait, "coalesceWait");
    }

    @Override
    public synchronized Contribution contribute(GatewayResources resources) {
        if (contribution == null) {
            StageCaches stores = caches;
            if (stores == null) {
                local = new StageCaches(CaffeineResponseCacheStore.factory(resources.ticker()));
                stores = local;
            }
            contribution = Contribution.steps(new CacheStepFactory(stores, policy, statusHeader, coalesceWait));
        }
        return contribution;
    }
}
