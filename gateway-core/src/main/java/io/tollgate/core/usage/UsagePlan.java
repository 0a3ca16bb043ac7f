package io.tollgate.core.usage;

import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.Throttle;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A usage plan: the API stages its keys may call, a throttle per key (with per-route overrides per stage), and a
 * quota per key per calendar period.
 *
 * @param name      the plan's name (keys refer to it)
 * @param throttle  the token bucket each key gets, or null for none
 * @param quota     the quota each key gets, or null for none
 * @param apiStages the API stages the plan covers
 * @param startsAt  when the plan started: {@code quota.offset} applies to the period containing it
 */
public record UsagePlan(String name, @Nullable Throttle throttle, @Nullable Quota quota, List<ApiStage> apiStages,
                        Instant startsAt) {

    public UsagePlan {
        Objects.requireNonNull(name, "name");
        apiStages = List.copyOf(apiStages);
        Objects.requireNonNull(startsAt, "startsAt");
    }

    /**
     * An API stage a plan covers, with throttles for single routes by route key.
     *
     * @param api            the API's name
     * @param stage          the stage's name
     * @param routeThrottles per-route throttles overriding the plan's
     */
    public record ApiStage(String api, String stage, Map<String, Throttle> routeThrottles) {

        public ApiStage {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(stage, "stage");
            routeThrottles = Map.copyOf(routeThrottles);
        }
    }

    /** Whether the plan covers {@code stage} of {@code api}. */
    public boolean covers(String api, String stage) {
        return apiStage(api, stage) != null;
    }

    /** The plan's entry for {@code stage} of {@code api}, or null. */
    public @Nullable ApiStage apiStage(String api, String stage) {
        for (ApiStage apiStage : apiStages) {
            if (apiStage.api().equals(api) && apiStage.stage().equals(stage)) {
                return apiStage;
            }
        }
        return null;
    }
}
