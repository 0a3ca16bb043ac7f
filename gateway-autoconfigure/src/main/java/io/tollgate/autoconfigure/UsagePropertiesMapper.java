package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.TollgateProperties.ThrottleProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.ApiStageProperties;
import io.tollgate.autoconfigure.TollgateUsageProperties.UsagePlanProperties;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.UsagePlan;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps {@code tollgate.usage-plans.*} and {@code tollgate.api-keys.*} to the core model, naming each problem's property. */
final class UsagePropertiesMapper {

    private UsagePropertiesMapper() {
    }

    /** A throttle, or null when not set; a problem at {@code path} when it is not a valid one. */
    static @Nullable Throttle throttle(@Nullable ThrottleProperties throttle, String path, List<Problem> problems) {
        if (throttle == null) {
            return null;
        }
        if (throttle.rateLimit() == null || !(throttle.rateLimit() > 0) || throttle.rateLimit().isInfinite()) {
            problems.add(new Problem(path + ".rate-limit", "must be a positive number of requests per second"));
            return null;
        }
        if (throttle.burstLimit() == null || throttle.burstLimit() < 1) {
            problems.add(new Problem(path + ".burst-limit", "must be at least 1"));
            return null;
        }
        return new Throttle(throttle.rateLimit(), throttle.burstLimit());
    }

    static List<UsagePlan> plans(TollgateUsageProperties properties, Instant startup, List<Problem> problems) {
        List<UsagePlan> plans = new ArrayList<>();
        properties.usagePlans().forEach((name, plan) -> {
            String path = "tollgate.usage-plans." + name;
            if (plan == null) {
                problems.add(new Problem(path, "must not be empty"));
                return;
            }
            Throttle throttle = throttle(plan.throttle(), path + ".throttle", problems);
            Quota quota = quota(plan, path + ".quota", problems);
            List<UsagePlan.ApiStage> stages = new ArrayList<>();
            for (int i = 0; i < plan.apiStages().size(); i++) {
                ApiStageProperties stage = plan.apiStages().get(i);
                String stagePath = path + ".api-stages[" + i + "]";
                if (stage == null || stage.api() == null || stage.api().isBlank()) {
                    problems.add(new Problem(stagePath + ".api", "must name an API"));
                    continue;
                }
                Map<String, Throttle> perRoute = new LinkedHashMap<>();
                stage.routeThrottles().forEach((key, t) -> {
                    Throttle routeThrottle = throttle(t, stagePath + ".route-throttles[" + key + "]", problems);
                    if (routeThrottle != null) {
                        perRoute.put(RouteKey.canonical(key), routeThrottle);
                    }
                });
                stages.add(new UsagePlan.ApiStage(stage.api(), stage.stage(), perRoute));
            }
            if (stages.isEmpty()) {
                problems.add(new Problem(path + ".api-stages", "must name at least one API stage"));
            }
            plans.add(new UsagePlan(name, throttle, quota, stages, plan.startDate() != null ? plan.startDate() : startup));
        });
        return plans;
    }

    private static @Nullable Quota quota(UsagePlanProperties plan, String path, List<Problem> problems) {
        if (plan.quota() == null) {
            return null;
        }
        Long limit = plan.quota().limit();
        if (limit == null || limit < 1) {
            problems.add(new Problem(path + ".limit", "must be at least 1"));
            return null;
        }
        if (plan.quota().offset() < 0 || plan.quota().offset() >= limit) {
            problems.add(new Problem(path + ".offset", "must be between 0 and limit - 1"));
            return null;
        }
        return new Quota(limit, plan.quota().period(), plan.quota().offset());
    }

    static List<ApiKey> keys(TollgateUsageProperties properties, Instant startup, List<Problem> problems) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> values = new HashSet<>();
        properties.apiKeys().forEach((name, key) -> {
            String path = "tollgate.api-keys." + name;
            if (key == null || key.value() == null) {
                problems.add(new Problem(path + ".value", "must be set"));
                return;
            }
            if (key.value().length() < ApiKey.MIN_LENGTH || key.value().length() > ApiKey.MAX_LENGTH) {
                problems.add(new Problem(path + ".value", "must be " + ApiKey.MIN_LENGTH + " to " + ApiKey.MAX_LENGTH
                        + " characters long (it is " + key.value().length() + ")"));
                return;
            }
            if (!values.add(key.value())) {
                problems.add(new Problem(path + ".value", "is the value of another key"));
                return;
            }
            for (String plan : key.usagePlans()) {
                if (!properties.usagePlans().containsKey(plan)) {
                    problems.add(new Problem(path + ".usage-plans", "'" + plan + "' is not a usage plan "
                            + properties.usagePlans().keySet()));
                }
            }
            keys.add(new ApiKey(name, name, key.value(), key.enabled(), Set.copyOf(key.usagePlans()), startup));
        });
        return keys;
    }
}
