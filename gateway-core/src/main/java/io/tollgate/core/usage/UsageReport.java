package io.tollgate.core.usage;

import io.tollgate.core.api.usage.Quota;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS's get-usage, from the quota counters themselves: for a key, per usage plan with a quota and per day, the
 * requests counted and those remaining in the quota period that day falls in (for a {@code DAY} quota, that day's).
 */
public final class UsageReport {

    /** One day of one key in one plan. */
    public record Day(String plan, LocalDate date, long periodStart, long periodEnd, long used, long remaining) {
    }

    private final UsageControl control;

    public UsageReport(UsageControl control) {
        this.control = control;
    }

    /**
     * The name of the quota counter of {@code keyId} in {@code plan} (the stage counts under the same name): the key's
     * hash tag first, so that a Redis Cluster keeps it in the slot of the key's buckets.
     */
    public static String counter(String plan, String keyId) {
        return tag(keyId) + "quota:" + plan;
    }

    /**
     * {@code keyId} as a Redis Cluster hash tag, {@code {id}} (braces in the id dropped: the tag ends at the first
     * closing one): the names of a key's buckets and counters start with it.
     */
    static String tag(String keyId) {
        String tag = keyId.replace("{", "").replace("}", "");
        // an empty tag is no tag: Redis would hash the whole name
        return "{" + (tag.isEmpty() ? "_" : tag) + "}";
    }

    /** Days {@code from} to {@code to} (inclusive, at most 90) of {@code key}. */
    public Flux<Day> usage(ApiKey key, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(90).isBefore(to)) {
            return Flux.error(new IllegalArgumentException("the report covers 1 to 91 days, from before to"));
        }
        List<Mono<Day>> days = new ArrayList<>();
        for (String planName : key.usagePlans().stream().sorted().toList()) {
            UsagePlan plan = control.plan(planName);
            if (plan == null || plan.quota() == null) {
                continue;
            }
            Quota quota = plan.quota();
            for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
                Instant start = date.atStartOfDay(control.zone()).toInstant();
                QuotaPeriods.Period period = QuotaPeriods.of(start, quota.period(), control.zone());
                long limit = quota.limit() - (period.contains(plan.startsAt()) ? quota.offset() : 0);
                LocalDate day = date;
                days.add(control.quotas().get(counter(planName, key.id()), period.start())
                        .map(used -> new Day(planName, day, period.start(), period.end(), used, Math.max(0, limit - used))));
            }
        }
        return Flux.concat(days);
    }
}
