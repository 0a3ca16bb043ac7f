package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateCacheProperties.InvalidatorProperties;
import io.tollgate.autoconfigure.TollgateCacheProperties.RouteCacheProperties;
import io.tollgate.autoconfigure.TollgateCacheProperties.StageCacheProperties;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import org.jspecify.annotations.Nullable;

/** Maps stage and route cache properties to the core model (checked there, problems named by property path). */
final class CachePropertiesMapper {

    private CachePropertiesMapper() {
    }

    static void stage(Api.Builder builder, String stage, @Nullable StageCacheProperties cache) {
        if (cache == null) {
            return;
        }
        InvalidatorProperties invalidators = cache.invalidators();
        builder.stageCache(stage, new StageCacheSpec(cache.enabled(),
                cache.capacity() == null ? null : cache.capacity().toBytes(), cache.ttl(),
                cache.requireAuthorizationForCacheControl(),
                ApiPropertiesMapper.name(cache.unauthorizedCacheControlHeaderStrategy()),
                invalidators == null ? null : invalidators.principals(), invalidators == null ? null : invalidators.scopes()));
    }

    static @Nullable RouteCacheSpec route(@Nullable RouteCacheProperties cache) {
        return cache == null ? null : new RouteCacheSpec(cache.enabled(), cache.ttl(), cache.keyParameters(), cache.methods(),
                cache.publicResponses());
    }
}
