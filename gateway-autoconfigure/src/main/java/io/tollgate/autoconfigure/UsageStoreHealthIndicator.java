package io.tollgate.autoconfigure;

import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.redis.RedisConnector;
import io.tollgate.core.usage.UsageControl;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code tollgateUsageStore} in the health endpoint, with {@code tollgate.usage.store=redis}: {@code UP} while Redis
 * answers a {@code PING} within the store timeout (with the time it took, the fail policy and the store failures
 * counted so far); {@code DEGRADED} when it does not, with the reason and what requests get meanwhile (fail-closed:
 * 503 on the routes that need an API key; fail-open: through, unmetered). Other routes go on serving, so it does not
 * make the application {@code DOWN}: a status the aggregator does not order is left out of the aggregate (add it to
 * {@code management.endpoint.health.status.order} to count it, e.g. to take an instance out of a load balancer).
 */
final class UsageStoreHealthIndicator extends AbstractReactiveHealthIndicator {

    /** Redis does not answer: metered requests follow the fail policy. */
    static final Status DEGRADED = new Status("DEGRADED",
            "the shared usage store cannot be reached: metered requests follow the fail policy");

    private final RedisConnector redis;
    private final UsageControl usage;
    private final Duration timeout;
    private final String prefix;

    UsageStoreHealthIndicator(RedisConnector redis, UsageControl usage, Duration timeout, String prefix) {
        super("Usage store health check failed");
        this.redis = redis;
        this.usage = usage;
        this.timeout = timeout;
        this.prefix = prefix;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        String policy = usage.failPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-');
        builder.withDetail("store", "redis").withDetail("prefix", prefix).withDetail("failPolicy", policy);
        return redis.ping(timeout)
                .map(took -> builder.up().withDetail("pingMillis", took.toMillis())
                        .withDetail("failures", usage.storeFailures()).build())
                .onErrorResume(error -> Mono.just(builder.status(DEGRADED)
                        .withDetail("failures", usage.storeFailures())
                        .withDetail("meanwhile", usage.failPolicy() == UsageControl.FailPolicy.FAIL_CLOSED
                                ? "routes that need an API key answer 503" : "metered routes serve unmetered")
                        .withDetail("problem", RateLimitedLog.oneLine(error)).build()));
    }
}
