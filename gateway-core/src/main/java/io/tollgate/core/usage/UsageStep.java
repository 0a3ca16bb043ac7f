package io.tollgate.core.usage;

import io.netty.util.AsciiString;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.usage.ApiKeySource;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.Deadlines;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A route's metering, in AWS's order: the API key and its usage plan (403 Forbidden without a valid, enabled key of
 * a plan covering the stage), the plan's throttle (429 Too Many Requests) and quota (429 Limit Exceeded), then the
 * stage's or route's throttle and the account's. Plan buckets and quotas live in the configured store, which may be
 * shared through Redis; stage, route and account buckets in this instance unless they are shared too. When a shared
 * store fails or is slow, the fail policy decides (503, or on to the next check), and it is logged and counted.
 */
final class UsageStep implements PipelineStep {

    private static final Logger log = LoggerFactory.getLogger(UsageStep.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final ThrottleResult UNLIMITED = new ThrottleResult(true, Long.MAX_VALUE, 0);
    /** The account throttle's bucket: one for every route (of the fleet, when it is shared). */
    private static final String ACCOUNT_BUCKET = "{account}";
    /** Header names as Netty's own constants are: hashed and checked once, not on every request. */
    private static final AsciiString RATELIMIT_LIMIT = AsciiString.cached("ratelimit-limit");
    private static final AsciiString RATELIMIT_REMAINING = AsciiString.cached("ratelimit-remaining");
    private static final AsciiString RATELIMIT_RESET = AsciiString.cached("ratelimit-reset");
    private static final AsciiString RETRY_AFTER = AsciiString.cached("retry-after");

    /**
     * A usage plan covering this route's stage, with the throttle it gives this route, the bucket's name prefix, and
     * the quota period last computed for it (calendar math is not free; a period lasts at least a day).
     */
    record PlanRoute(UsagePlan plan, @Nullable Throttle throttle, String bucket,
                     AtomicReference<QuotaPeriods.Period> lastPeriod) {

        PlanRoute(UsagePlan plan, @Nullable Throttle throttle, String bucket) {
            this(plan, throttle, bucket, new AtomicReference<>());
        }

        /**
         * The name of {@code keyId}'s bucket in this plan: the key's hash tag first ({@link UsageReport#counter} has
         * the same), so that a Redis Cluster keeps the bucket and the quota counter in one slot.
         */
        String bucket(String keyId) {
            return UsageReport.tag(keyId) + bucket;
        }

        /** The period of {@code quota} (the plan's) that contains {@code now}. */
        QuotaPeriods.Period period(Quota quota, Instant now, ZoneId zone) {
            QuotaPeriods.Period last = lastPeriod.get();
            if (last != null && last.contains(now)) {
                return last;
            }
            QuotaPeriods.Period period = QuotaPeriods.of(now, quota.period(), zone);
            lastPeriod.set(period);
            return period;
        }
    }

    /** What the store answered: a value, nothing, or a failure. */
    private record Outcome<T>(@Nullable T value, boolean failed) {
    }

    /** The throttle whose state the {@code RateLimit-*} headers show. */
    private record Shown(Throttle throttle, ThrottleResult result) {
    }

    private final UsageControl control;
    private final boolean keyRequired;
    private final ApiKeySource keySource;
    private final List<PlanRoute> plans;
    /** The stage's (or the route's own) throttle, counted in this instance's {@code stageBucket}; null for none. */
    private final @Nullable Throttle stageThrottle;
    private final String stageBucket;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    /**
     * How long an answer may take: the Redis stores fail at the store timeout themselves; this bounds stores that do
     * not, and a check queued behind another of its key, twice as long and half again, so that it never comes first
     * for an answer the store is still bound to give.
     */
    private final Duration backstop;

    UsageStep(UsageControl control, boolean keyRequired, ApiKeySource keySource, List<PlanRoute> plans,
               @Nullable Throttle stageThrottle, String stageBucket) {
        this.control = control;
        this.keyRequired = keyRequired;
        this.keySource = keySource;
        this.plans = List.copyOf(plans);
        this.stageThrottle = stageThrottle;
        this.stageBucket = stageBucket;
        this.backstop = control.storeTimeout().multipliedBy(5).dividedBy(2);
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_REQUEST;
    }

    @Override
    public int order() {
        return StepOrder.USAGE;
    }

    @Override
    public String name() {
        return keyRequired ? "usage-plan" : "throttle";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        if (!keyRequired) {
            return unkeyed(exchange, next, null);
        }
        String value = keyValue(exchange);
        if (value == null || value.isEmpty()) {
            return forbidden();
        }
        return guard(control.keys().findByValue(value)).flatMap(found -> {
            if (found.failed()) {
                return storeFailure(exchange, next);
            }
            ApiKey key = found.value();
            if (key == null || !key.enabled()) {
                return forbidden();
            }
            PlanRoute plan = planOf(key);
            return plan == null ? forbidden() : keyed(exchange, next, key, plan);
        });
    }

    private @Nullable String keyValue(GatewayExchange exchange) {
        if (keySource == ApiKeySource.HEADER) {
            return exchange.header("x-api-key");
        }
        Authorization authorization = exchange.authorization();
        return authorization == null ? null : authorization.usageIdentifierKey();
    }

    private @Nullable PlanRoute planOf(ApiKey key) {
        for (PlanRoute plan : plans) {
            if (key.usagePlans().contains(plan.plan().name())) {
                return plan;
            }
        }
        return null;
    }

    private Mono<Reply> keyed(GatewayExchange exchange, ExchangeHandler next, ApiKey key, PlanRoute plan) {
        exchange.facts().apiKeyId(key.id());
        Throttle throttle = plan.throttle();
        Quota quota = plan.plan().quota();
        if (quota == null) {
            if (throttle == null) {
                return unkeyed(exchange, next, null);
            }
            return guard(control.limiter().tryConsume(plan.bucket(key.id()), throttle)).flatMap(taken -> taken.failed()
                    ? storeFailure(exchange, next)
                    // a bucket answers (or fails): never nothing
                    : throttled(exchange, next, throttle, Objects.requireNonNull(taken.value())));
        }
        Instant now = control.clock().instant();
        QuotaPeriods.Period period = plan.period(quota, now, control.zone());
        long limit = quota.limit() - (period.contains(plan.plan().startsAt()) ? quota.offset() : 0);
        String counter = UsageReport.counter(plan.plan().name(), key.id());
        Mono<Metered> metered = throttle == null ? quotaOnly(counter, period)
                : control.limiter().tryConsumeAndCount(plan.bucket(key.id()), throttle, control.quotas(), counter,
                        period.start(), period.end());
        return guard(metered).flatMap(checked -> {
            if (checked.failed()) {
                return storeFailure(exchange, next);
            }
            // the stores answer (or fail): never nothing
            Metered result = Objects.requireNonNull(checked.value());
            if (!result.throttle().allowed()) {
                return throttled(exchange, next, Objects.requireNonNull(throttle), result.throttle());
            }
            if (result.count() > limit) {
                return tooMany(GatewayResponseType.QUOTA_EXCEEDED,
                        TimeUnit.MILLISECONDS.toNanos(period.end() - now.toEpochMilli()), null);
            }
            return unkeyed(exchange, next, throttle == null ? null : new Shown(throttle, result.throttle()));
        });
    }

    /** A plan without a throttle: its quota counted (an answer already there when the store is local). */
    private Mono<Metered> quotaOnly(String counter, QuotaPeriods.Period period) {
        if (control.quotas() instanceof LocalQuotaStore local) {
            return Mono.just(new Metered(UNLIMITED, local.count(counter, period.start(), period.end())));
        }
        return control.quotas().increment(counter, period.start(), period.end()).map(count -> new Metered(UNLIMITED, count));
    }

    /** The plan's bucket answered {@code result}: refused, or on to the stage's throttle with its headers. */
    private Mono<Reply> throttled(GatewayExchange exchange, ExchangeHandler next, Throttle throttle,
                                  ThrottleResult result) {
        Shown shown = new Shown(throttle, result);
        if (!result.allowed()) {
            return tooMany(GatewayResponseType.THROTTLED, result.nanosToWait(), shown);
        }
        return unkeyed(exchange, next, shown);
    }

    /** After the plan: the stage's (or route's) throttle, then the account's, then on. */
    private Mono<Reply> unkeyed(GatewayExchange exchange, ExchangeHandler next, @Nullable Shown shown) {
        Throttle throttle = stageThrottle;
        if (throttle == null) {
            return account(exchange, next, shown);
        }
        RateLimiterStore store = control.stageLimiter();
        if (store instanceof LocalRateLimiterStore local) {
            return afterStage(exchange, next, shown, throttle, local.consume(stageBucket, throttle));
        }
        return guard(store.tryConsume(stageBucket, throttle)).flatMap(taken -> taken.failed()
                // fail-open lets it on to the account's throttle; fail-closed refuses it
                ? storeFailure(() -> account(exchange, next, shown))
                : afterStage(exchange, next, shown, throttle, Objects.requireNonNull(taken.value())));
    }

    private Mono<Reply> afterStage(GatewayExchange exchange, ExchangeHandler next, @Nullable Shown shown,
                                   Throttle throttle, ThrottleResult result) {
        if (!result.allowed()) {
            return tooMany(GatewayResponseType.THROTTLED, result.nanosToWait(), new Shown(throttle, result));
        }
        return account(exchange, next, shown == null ? new Shown(throttle, result) : shown);
    }

    private Mono<Reply> account(GatewayExchange exchange, ExchangeHandler next, @Nullable Shown shown) {
        Throttle account = control.account();
        if (account == null) {
            return proceed(exchange, next, shown);
        }
        RateLimiterStore store = control.accountLimiter();
        if (store instanceof LocalRateLimiterStore local) {
            return afterAccount(exchange, next, shown, local.consume(ACCOUNT_BUCKET, account));
        }
        return guard(store.tryConsume(ACCOUNT_BUCKET, account)).flatMap(taken -> taken.failed()
                ? storeFailure(() -> proceed(exchange, next, shown))
                : afterAccount(exchange, next, shown, Objects.requireNonNull(taken.value())));
    }

    private Mono<Reply> afterAccount(GatewayExchange exchange, ExchangeHandler next, @Nullable Shown shown,
                                     ThrottleResult result) {
        if (!result.allowed()) {
            return tooMany(GatewayResponseType.THROTTLED, result.nanosToWait(), null);
        }
        return proceed(exchange, next, shown);
    }

    private Mono<Reply> proceed(GatewayExchange exchange, ExchangeHandler next, @Nullable Shown shown) {
        if (shown == null || !control.rateLimitHeaders()) {
            return next.handle(exchange);
        }
        Shown headers = shown;
        return next.handle(exchange).map(reply -> withRateLimit(reply, headers));
    }

    /**
     * IETF draft RateLimit headers: the bucket's size, what is left, seconds until it is full again. A refused
     * request's bucket shows what was left when it was refused (none).
     */
    private static Reply withRateLimit(Reply reply, Shown shown) {
        long burst = shown.throttle().burstLimit();
        long remaining = Math.min(burst, Math.max(0, shown.result().remaining()));
        long reset = shown.result().nanosToReset() >= 0
                ? (long) Math.ceil(shown.result().nanosToReset() / 1e9)
                : (long) Math.ceil((burst - remaining) / shown.throttle().rateLimit());
        reply.headers().set(RATELIMIT_LIMIT, Long.toString(burst));
        reply.headers().set(RATELIMIT_REMAINING, Long.toString(remaining));
        reply.headers().set(RATELIMIT_RESET, Long.toString(reset));
        return reply;
    }

    /**
     * A 429 with {@code Retry-After}, and the {@code RateLimit-*} headers of the bucket that refused it ({@code shown};
     * null for a quota or the account-level throttle, which no bucket of the caller's shows).
     */
    private Mono<Reply> tooMany(GatewayResponseType type, long nanosToWait, @Nullable Shown shown) {
        Reply reply = Reply.error(GatewayError.of(type));
        if (control.rateLimitHeaders()) {
            if (shown != null) {
                withRateLimit(reply, shown);
            }
            reply.headers().set(RETRY_AFTER, Long.toString(Math.max(1, (long) Math.ceil(nanosToWait / 1e9))));
        }
        return Mono.just(reply);
    }

    private static Mono<Reply> forbidden() {
        return Reply.errorMono(GatewayError.of(GatewayResponseType.INVALID_API_KEY));
    }

    private Mono<Reply> storeFailure(GatewayExchange exchange, ExchangeHandler next) {
        return storeFailure(() -> unkeyed(exchange, next, null));
    }

    /** The store failed: on to {@code onward} (fail-open), or 503 (fail-closed). */
    private Mono<Reply> storeFailure(Supplier<Mono<Reply>> onward) {
        if (control.failPolicy() == UsageControl.FailPolicy.FAIL_OPEN) {
            return onward.get();
        }
        return Reply.errorMono(new GatewayError(GatewayResponseType.DEFAULT_5XX, 503, "Service Unavailable"));
    }

    /**
     * The store's answer within the timeout, or a failure (logged at most every 10 s, always counted). An answer
     * already there (the local stores) is taken as it is: a timer per request would cost more than the check.
     */
    @SuppressWarnings("unchecked")
    private <T> Mono<Outcome<T>> guard(Mono<T> answer) {
        if (answer instanceof Fuseable.ScalarCallable<?> scalar) {
            try {
                T value = (T) scalar.call();
                return Mono.just(new Outcome<>(value, false));
            } catch (Exception e) {
                return Mono.just(failed(e));
            }
        }
        // every end is a value (a late one is dropped quietly); the bound is on the shared wheel, not a scheduler's timer
        return Deadlines.within(answer, backstop, (value, error) -> error != null ? failed(error)
                        : new Outcome<>(value, false),
                () -> failed(new TimeoutException("the usage store did not answer within " + backstop.toMillis() + " ms")));
    }

    private <T> Outcome<T> failed(Throwable error) {
        control.storeFailed();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("The usage plan store failed ({} so far; policy {}): {}", control.storeFailures(),
                    control.failPolicy(), error.toString());
        }
        return new Outcome<>(null, true);
    }
}
