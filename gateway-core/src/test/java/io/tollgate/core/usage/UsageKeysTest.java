package io.tollgate.core.usage;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.redis.RedisQuotaStore;
import io.tollgate.core.usage.redis.RedisRateLimiterStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names of a key's buckets and quota counters: on a Redis Cluster, a plan's check runs one script on the bucket
 * and the counter, which must then be in one hash slot, whatever the key's id, the plan's name or the route.
 */
class UsageKeysTest {

    private static final RedisConnector UNUSED = new RedisConnector(() -> {
        throw new AssertionError("nothing connects");
    }, RedisURI.create("redis://127.0.0.1:1"));

    @Test
    void aKeysBucketsAndCounterShareOneHashSlot() {
        RedisRateLimiterStore buckets = new RedisRateLimiterStore(UNUSED, "tollgate:", Duration.ofSeconds(1));
        RedisQuotaStore quotas = new RedisQuotaStore(UNUSED, "tollgate:", Duration.ofSeconds(1));
        UsagePlan plan = new UsagePlan("gold:{plan}", new Throttle(10, 20), new Quota(100, QuotaPeriod.DAY, 0),
                List.of(), Instant.EPOCH);
        for (String id : List.of("k1", "key-with-{braces}", "}", "{}", "a:b:c")) {
            for (String bucketName : List.of("plan:gold:{plan}:", "plan:gold:{plan}:api:$default:GET /pets/{id}:")) {
                String bucket = buckets.redisKey(new UsageStep.PlanRoute(plan, plan.throttle(), bucketName).bucket(id),
                        plan.throttle());
                String counter = quotas.redisKey(UsageReport.counter(plan.name(), id), 1_700_000_000_000L);
                assertThat(SlotHash.getSlot(bucket)).as(bucket + " and " + counter)
                        .isEqualTo(SlotHash.getSlot(counter));
            }
        }
        // different keys spread over the slots
        assertThat(SlotHash.getSlot(quotas.redisKey(UsageReport.counter("p", "k1"), 0)))
                .isNotEqualTo(SlotHash.getSlot(quotas.redisKey(UsageReport.counter("p", "k2"), 0)));
    }
}
