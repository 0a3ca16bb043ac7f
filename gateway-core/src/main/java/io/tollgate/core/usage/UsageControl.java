package io.tollgate.core.usage;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tollgate.core.api.usage.Throttle;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a gateway meters its callers: usage plans and API keys, where plan buckets and quotas live ({@code limiter},
 * {@code quotas}: local or shared through Redis), where the buckets of stage, route and account throttles live
 * ({@code stageLimiter}, {@code accountLimiter}: this instance's {@code local} store unless shared), the account-level
 * throttle, the quotas' time zone, and what happens when the shared store fails.
 */
public final class UsageControl {

    /** When the shared store cannot answer in time: let requests through, or refuse them with 503. */
    public enum FailPolicy {
        FAIL_OPEN, FAIL_CLOSED
    }

    private final List<UsagePlan> plans;
    private final ApiKeyRepository keys;
    private final RateLimiterStore limiter;
    private final QuotaStore quotas;
    private final LocalRateLimiterStore local;
    private final RateLimiterStore stageLimiter;
    private final RateLimiterStore accountLimiter;
    private final @Nullable Throttle account;
    private final ZoneId zone;
    private final Clock clock;
    private final FailPolicy failPolicy;
    private final Duration storeTimeout;
    private final boolean rateLimitHeaders;
    private final AtomicLong storeFailures = new AtomicLong();

    private UsageControl(Builder b) {
        this.plans = List.copyOf(b.plans);
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.local = b.local != null ? b.local : new LocalRateLimiterStore(100_000);
        this.limiter = b.limiter != null ? b.limiter : local;
        this.stageLimiter = b.stageLimiter != null ? b.stageLimiter : local;
        this.accountLimiter = b.accountLimiter != null ? b.accountLimiter : local;
        this.quotas = Objects.requireNonNull(b.quotas, "quotas");
        this.account = b.account;
        this.zone = b.zone;
        this.clock = b.clock;
        this.failPolicy = b.failPolicy;
        this.storeTimeout = b.storeTimeout;
        this.rateLimitHeaders = b.rateLimitHeaders;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<UsagePlan> plans() {
        return plans;
    }

    public ApiKeyRepository keys() {
        return keys;
    }

    /** Where plan buckets live (shared with other instances when it is Redis). */
    public RateLimiterStore limiter() {
        return limiter;
    }

    public QuotaStore quotas() {
        return quotas;
    }

    /** This instance's buckets: stage, route and account throttles, unless they are shared. */
    public LocalRateLimiterStore local() {
        return local;
    }

    /** Where stage and route throttles' buckets live: this instance's ({@link #local()}) unless shared. */
    public RateLimiterStore stageLimiter() {
        return stageLimiter;
    }

    /** Where the account throttle's bucket lives: this instance's ({@link #local()}) unless shared. */
    public RateLimiterStore accountLimiter() {
        return accountLimiter;
    }

    /** The account-level throttle of every route, or null for none. */
    public @Nullable Throttle account() {
        return account;
    }

    public ZoneId zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }

    public FailPolicy failPolicy() {
        return failPolicy;
    }

    public Duration storeTimeout() {
        return storeTimeout;
    }

    public boolean rateLimitHeaders() {
        return rateLimitHeaders;
    }

    /** How many times the shared store failed or did not answer in time (a metric's source). */
    public long storeFailures() {
        return storeFailures.get();
    }

    void storeFailed() {
        storeFailures.incrementAndGet();
    }

    /** The plan named {@code name}, or null. */
    public @Nullable UsagePlan plan(String name) {
        for (UsagePlan plan : plans) {
            if (plan.name().equals(name)) {
                return plan;
            }
        }
        return null;
    }

    /** Collects a {@link UsageControl}; unset values are AWS's defaults and local stores. */
    public static final class Builder {

        private final List<UsagePlan> plans = new ArrayList<>();
        private ApiKeyRepository keys = new InMemoryApiKeyRepository(List.of());
        private @Nullable RateLimiterStore limiter;
        private @Nullable QuotaStore quotas;
        private @Nullable LocalRateLimiterStore local;
        private @Nullable RateLimiterStore stageLimiter;
        private @Nullable RateLimiterStore accountLimiter;
        private @Nullable Throttle account;
        private ZoneId zone = ZoneOffset.UTC;
        private Clock clock = Clock.systemUTC();
        private FailPolicy failPolicy = FailPolicy.FAIL_CLOSED;
        private Duration storeTimeout = Duration.ofSeconds(1);
        private boolean rateLimitHeaders = true;

        public Builder plans(List<UsagePlan> plans) {
            this.plans.addAll(plans);
            return this;
        }

        public Builder keys(ApiKeyRepository keys) {
            this.keys = keys;
            return this;
        }

        /** Where plan buckets live; the local store when not set. */
        public Builder limiter(@Nullable RateLimiterStore limiter) {
            this.limiter = limiter;
            return this;
        }

        public Builder quotas(@Nullable QuotaStore quotas) {
            this.quotas = quotas;
            return this;
        }

        /**
         * Where stage and route throttles' buckets live: this instance's when not set, or a shared store (Redis),
         * so that a stage's limit holds across instances.
         */
        public Builder stageLimiter(@Nullable RateLimiterStore stageLimiter) {
            this.stageLimiter = stageLimiter;
            return this;
        }

        /** Where the account throttle's bucket lives: this instance's when not set, or a shared store (Redis). */
        public Builder accountLimiter(@Nullable RateLimiterStore accountLimiter) {
            this.accountLimiter = accountLimiter;
            return this;
        }

        /** This instance's buckets (tests pass one on a fake clock). */
        public Builder local(@Nullable LocalRateLimiterStore local) {
            this.local = local;
            return this;
        }

        /**
         * A throttle of every route of this instance ({@link Throttle#ACCOUNT_DEFAULT} is AWS's account level: 10,000
         * rps, burst 5,000); none unless set: AWS's account limit is regional, across all APIs, not per server.
         */
        public Builder account(@Nullable Throttle account) {
            this.account = account;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder failPolicy(FailPolicy policy) {
            this.failPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder storeTimeout(Duration timeout) {
            this.storeTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Whether answers carry {@code RateLimit-*} headers and 429s {@code Retry-After}. */
        public Builder rateLimitHeaders(boolean enabled) {
            this.rateLimitHeaders = enabled;
            return this;
        }

        public UsageControl build() {
            if (quotas == null) {
                quotas = new LocalQuotaStore(clock, Ticker.systemTicker(), 1_000_000);
            }
            return new UsageControl(this);
        }
    }
}
