package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateProperties.ThrottleProperties;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.UsageControl;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Usage plans, API keys, and how they are metered.
 *
 * @param usagePlans the usage plans, by name
 * @param apiKeys    the API keys of the configuration, by name (more can be created at runtime)
 * @param usage      where buckets and quotas live and what happens when that store fails
 */
@ConfigurationProperties("tollgate")
public record TollgateUsageProperties(Map<String, UsagePlanProperties> usagePlans, Map<String, ApiKeyProperties> apiKeys,
                                      @DefaultValue UsageProperties usage) {

    public TollgateUsageProperties {
        usagePlans = usagePlans == null ? Map.of() : usagePlans;
        apiKeys = apiKeys == null ? Map.of() : apiKeys;
    }

    /**
     * A usage plan.
     *
     * @param throttle  the token bucket each key gets (none when not set)
     * @param quota     the requests each key may make per calendar period (none when not set)
     * @param apiStages the API stages the plan covers
     * @param startDate when the plan started ({@code quota.offset} applies to that period); default: startup
     */
    public record UsagePlanProperties(@Nullable ThrottleProperties throttle, @Nullable QuotaProperties quota,
                                      List<ApiStageProperties> apiStages, @Nullable Instant startDate) {

        public UsagePlanProperties {
            apiStages = apiStages == null ? List.of() : apiStages;
        }
    }

    /**
     * A quota.
     *
     * @param limit  requests per period
     * @param period {@code DAY}, {@code WEEK} (from Sunday) or {@code MONTH}, in {@code tollgate.usage.time-zone}
     * @param offset requests subtracted from the limit in the plan's first period
     */
    public record QuotaProperties(@Nullable Long limit, @DefaultValue("DAY") QuotaPeriod period,
                                  @DefaultValue("0") long offset) {
    }

    /**
     * An API stage a plan covers.
     *
     * @param api            the API's name
     * @param stage          the stage (default {@code $default})
     * @param routeThrottles per-route throttles for the plan's keys, by route key ({@code "[GET /pets/{id}]"})
     */
    public record ApiStageProperties(@Nullable String api, @DefaultValue("$default") String stage,
                                     Map<String, ThrottleProperties> routeThrottles) {

        public ApiStageProperties {
            routeThrottles = routeThrottles == null ? Map.of() : routeThrottles;
        }
    }

    /**
     * An API key of the configuration.
     *
     * @param value      the key (20 to 128 characters; keep it out of source control: an environment variable)
     * @param enabled    a disabled key is refused
     * @param usagePlans the plans it belongs to
     */
    public record ApiKeyProperties(@Nullable String value, @DefaultValue("true") boolean enabled,
                                   List<String> usagePlans) {

        public ApiKeyProperties {
            usagePlans = usagePlans == null ? List.of() : usagePlans;
        }

        @Override
        public String toString() {
            return "ApiKeyProperties[value=" + ApiKey.mask(value) + ", enabled=" + enabled
                    + ", usagePlans=" + usagePlans + "]";
        }
    }

    /**
     * Metering.
     *
     * @param enabled          whether API keys, usage plans and throttles are enforced
     * @param store            local (this instance) or redis (shared by instances, through the application's Spring
     *                         Data Redis connection, or redis-url)
     * @param redisUrl         a Redis of Tollgate's own, for all its Redis stores (this one, and the stage caches with
     *                         tollgate.cache.store=redis: they share one connection): redis://, rediss://, or
     *                         redis-sentinel://host:26379,host:26380#primary to follow a Sentinel-monitored primary;
     *                         when not set, the application's Spring Data Redis connection factory (its client and
     *                         settings: standalone, Sentinel or Cluster) if it has one, else spring.data.redis.url, else
     *                         redis://127.0.0.1:6379
     * @param redisClusterNodes a Redis Cluster of Tollgate's own, for all its Redis stores: its seed nodes (host:port
     *                         or redis:// URIs); when set, redis-url is not used
     * @param redisPrefix      the prefix of Tollgate's keys in Redis (instances with the same prefix share usage)
     * @param throttleStore    where stage and route throttles count: local (each instance its own, AWS's limits per
     *                         instance) or redis (one limit across the instances, in the usage store; needs
     *                         store=redis; one more round trip for their routes)
     * @param failPolicy       when the store fails or is slower than store-timeout: fail-closed (503) or fail-open
     *                         (requests pass unmetered)
     * @param storeTimeout     how long a store operation may take before it counts as failed (an unreachable Redis
     *                         fails at once; this bounds a Redis that does not answer): long enough that a busy
     *                         machine, whose threads wait for a core, is not taken for a failed store
     * @param keyCacheTtl      with the Redis store: how long an instance remembers a key lookup (a key disabled or
     *                         deleted on another instance is refused here after at most this long)
     * @param timeZone         the time zone of quota periods
     * @param rateLimitHeaders whether answers carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and
     *                         429s Retry-After
     * @param accountThrottle  a throttle of every route of this instance, off unless enabled (then AWS's account level
     *                         by default: 10,000 rps, burst 5,000). AWS's account limit is regional, across all of an
     *                         account's APIs; a per-instance cap nobody asked for is not that
     */
    public record UsageProperties(@DefaultValue("true") boolean enabled, @DefaultValue("local") String store,
                                  @DefaultValue("redis://127.0.0.1:6379") String redisUrl,
                                  List<String> redisClusterNodes,
                                  @DefaultValue("tollgate:") String redisPrefix,
                                  @DefaultValue("local") String throttleStore,
                                  @DefaultValue("fail-closed") UsageControl.FailPolicy failPolicy,
                                  @DefaultValue("1s") Duration storeTimeout, @DefaultValue("5s") Duration keyCacheTtl,
                                  @DefaultValue("UTC") ZoneId timeZone,
                                  @DefaultValue("true") boolean rateLimitHeaders,
                                  @DefaultValue AccountThrottleProperties accountThrottle) {

        /** The values {@code store} takes, as written. */
        static final List<String> STORES = List.of("local", "redis");

        public UsageProperties {
            redisClusterNodes = redisClusterNodes == null ? List.of() : List.copyOf(redisClusterNodes);
        }
    }

    /**
     * The account-level throttle.
     *
     * @param enabled    whether it applies
     * @param rateLimit  requests per second, steadily
     * @param burstLimit the bucket's size: requests that may arrive at once
     * @param store      where it counts: local (each instance its own) or redis (one limit for every instance, in
     *                   the usage store; needs tollgate.usage.store=redis)
     */
    public record AccountThrottleProperties(@DefaultValue("false") boolean enabled, @DefaultValue("10000") double rateLimit,
                                            @DefaultValue("5000") long burstLimit, @DefaultValue("local") String store) {
    }
}
