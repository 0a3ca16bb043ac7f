package io.tollgate.core.usage;

import io.github.bucket4j.TimeMeter;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.auth.GatewayAuthorizer;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.MutableClock;
import io.tollgate.testsupport.MutableTimeMeter;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys, usage plans, throttles and quotas end to end, on a fake clock. */
class UsagePlanEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(T0);
    private static final AtomicLong NANOS = new AtomicLong();
    private static final String GOLD = "gold-key-0123456789abcdef";
    private static final String BASIC = "basic-key-0123456789abcdef";
    private static final String DISABLED = "disabled-key-0123456789ab";
    private static final String ORPHAN = "orphan-key-0123456789abcd";
    private static final String BASIC2 = "basic2-key-0123456789abcd";

    private static GatewayServer server;
    private static InMemoryApiKeyRepository keys;

    @BeforeAll
    static void start() {
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return NANOS.get();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        keys = new InMemoryApiKeyRepository(List.of(
                new ApiKey("k1", "gold", GOLD, true, Set.of("gold"), T0),
                new ApiKey("k2", "basic", BASIC, true, Set.of("basic"), T0),
                new ApiKey("k3", "off", DISABLED, false, Set.of("basic"), T0),
                new ApiKey("k4", "orphan", ORPHAN, true, Set.of("elsewhere"), T0),
                new ApiKey("k5", "basic2", BASIC2, true, Set.of("basic"), T0)));
        UsagePlan basic = new UsagePlan("basic", new Throttle(1, 3), new Quota(5, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("pets", "$default", Map.of("GET /slow", new Throttle(1, 1)))), T0.minus(Duration.ofDays(30)));
        UsagePlan gold = new UsagePlan("gold", new Throttle(100, 100), new Quota(10, QuotaPeriod.MONTH, 4),
                List.of(new UsagePlan.ApiStage("pets", "$default", Map.of())), T0);
        LocalQuotaStore quotas = new LocalQuotaStore(CLOCK, NANOS::get, 1000);
        GatewayAuthorizer byToken = event -> Mono.just(AuthorizerResult.authorized(true)
                .withUsageIdentifierKey(event.header("x-customer").equals("acme") ? BASIC : "unknown-0123456789abcdef"));
        Api pets = Api.builder("pets").basePath("/pets")
                .stageThrottle("$default", null, Map.of("GET /open/limited", new Throttle(1, 2)))
                .route(new RouteSpec("GET /keyed", IntegrationSpec.mock(200)).apiKeyRequired(true))
                .route(new RouteSpec("GET /slow", IntegrationSpec.mock(200)).apiKeyRequired(true))
                .route("GET /open", IntegrationSpec.mock(200))
                .route("GET /open/limited", IntegrationSpec.mock(200))
                .build();
        Api viaAuthorizer = Api.builder("partners").basePath("/partners").apiKeySource("AUTHORIZER")
                .authorizer(new AuthorizerSpec("customers", "REQUEST").identitySources(List.of("$request.header.x-customer"))
                        .simpleResponses(true))
                .route(new RouteSpec("GET /data", IntegrationSpec.mock(200)).authorizer("customers").apiKeyRequired(true))
                .build();
        UsagePlan partners = new UsagePlan("partners", null, null, List.of(new UsagePlan.ApiStage("partners", "$default", Map.of())), T0);
        keys.save(new ApiKey("k2", "basic", BASIC, true, Set.of("basic", "partners"), T0)).block(Duration.ofSeconds(10));
        Gateway gateway = Gateway.builder().api(pets).api(viaAuthorizer)
                .feature(new UsageFeature(UsageControl.builder().plans(List.of(basic, gold, partners)).keys(keys).quotas(quotas)
                        .local(new LocalRateLimiterStore(time, 1000)).clock(CLOCK).account(new Throttle(1000, 50)).build()))
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("customers", byToken)), null)).build();
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void nextDayWithFullBuckets() {
        CLOCK.advance(Duration.ofDays(1));
        NANOS.addAndGet(Duration.ofHours(1).toNanos());
    }

    private static TestHttp.Response get(String path, String key) {
        return server.http().exchange(HttpMethod.GET, path, h -> {
            if (key != null) {
                h.set("x-api-key", key);
            }
        }, null);
    }

    @Test
    void routesRequiringAKeyRefuseMissingUnknownDisabledAndPlanlessKeys() {
        for (String key : new String[] {null, "", "nope-0123456789abcdefgh", DISABLED, ORPHAN}) {
            TestHttp.Response response = get("/pets/keyed", key);
            assertThat(response.status()).as("key %s", key).isEqualTo(403);
            assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        }
        assertThat(get("/pets/keyed", BASIC2).status()).isEqualTo(200);
        assertThat(get("/pets/open", null).status()).isEqualTo(200);
    }

    @Test
    void thePlanThrottlesEachKeyWithItsBurstAndRate() {
        for (int i = 0; i < 3; i++) {
            TestHttp.Response ok = get("/pets/keyed", BASIC);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("ratelimit-limit")).isEqualTo("3");
            assertThat(ok.header("ratelimit-remaining")).isEqualTo(Integer.toString(2 - i));
        }
        TestHttp.Response throttled = get("/pets/keyed", BASIC);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(throttled.header("retry-after")).isEqualTo("1");
        // the refusing bucket shows itself empty: 3 tokens at 1 a second refill it in 3 s
        assertThat(throttled.header("ratelimit-limit")).isEqualTo("3");
        assertThat(throttled.header("ratelimit-remaining")).isEqualTo("0");
        assertThat(throttled.header("ratelimit-reset")).isEqualTo("3");
        // another key has its own bucket
        assertThat(get("/pets/keyed", BASIC2).status()).isEqualTo(200);
        NANOS.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(get("/pets/keyed", BASIC).status()).isEqualTo(200);
        assertThat(get("/pets/keyed", BASIC).status()).isEqualTo(429);
    }

    @Test
    void aRouteOverrideHasItsOwnBucket() {
        assertThat(get("/pets/slow", BASIC).status()).isEqualTo(200);
        assertThat(get("/pets/slow", BASIC).status()).isEqualTo(429);
        assertThat(get("/pets/keyed", BASIC).status()).isEqualTo(200);
    }

    @Test
    void theQuotaCountsPerCalendarDayAndResets() {
        for (int i = 0; i < 5; i++) {
            NANOS.addAndGet(Duration.ofSeconds(5).toNanos());
            assertThat(get("/pets/keyed", BASIC).status()).isEqualTo(200);
        }
        NANOS.addAndGet(Duration.ofSeconds(5).toNanos());
        TestHttp.Response exceeded = get("/pets/keyed", BASIC);
        assertThat(exceeded.status()).isEqualTo(429);
        assertThat(exceeded.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        // a quota is no bucket: its refusal shows none
        assertThat(exceeded.header("ratelimit-remaining")).isNull();
        long untilMidnight = Duration.between(CLOCK.instant(), CLOCK.instant().atZone(java.time.ZoneOffset.UTC)
                .toLocalDate().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).toSeconds();
        assertThat(Long.parseLong(exceeded.header("retry-after"))).isBetween(untilMidnight, untilMidnight + 1);
        CLOCK.advance(Duration.ofDays(1));
        NANOS.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(get("/pets/keyed", BASIC).status()).isEqualTo(200);
    }

    @Test
    void theOffsetLowersTheQuotaOfThePlansFirstPeriod() {
        // gold started at T0 (November): 10 - 4 = 6 requests in November, 10 in December (only this test uses gold)
        CLOCK.set(T0.plus(Duration.ofDays(3)));
        int admitted = 0;
        for (int i = 0; i < 12; i++) {
            if (get("/pets/keyed", GOLD).status() == 200) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(6);
        CLOCK.set(Instant.parse("2026-12-15T00:00:00Z"));
        admitted = 0;
        for (int i = 0; i < 12; i++) {
            if (get("/pets/keyed", GOLD).status() == 200) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void stageRouteThrottlesApplyWithoutKeys() {
        assertThat(get("/pets/open/limited", null).status()).isEqualTo(200);
        TestHttp.Response second = get("/pets/open/limited", null);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("ratelimit-limit")).isEqualTo("2");
        TestHttp.Response throttled = get("/pets/open/limited", null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("ratelimit-limit")).isEqualTo("2");
        assertThat(throttled.header("ratelimit-remaining")).isEqualTo("0");
        assertThat(throttled.header("retry-after")).isEqualTo("1");
        assertThat(get("/pets/open", null).status()).isEqualTo(200);
    }

    @Test
    void rateLimitHeadersCanBeSwitchedOff() {
        Api quiet = Api.builder("quiet").basePath("/quiet")
                .stageThrottle("$default", new Throttle(1, 1), Map.of())
                .route("GET /open", IntegrationSpec.mock(200))
                .build();
        // a clock that never moves: the bucket never refills
        Gateway gateway = Gateway.builder().api(quiet)
                .feature(new UsageFeature(UsageControl.builder().plans(List.of()).keys(new InMemoryApiKeyRepository(List.of()))
                        .local(new LocalRateLimiterStore(new MutableTimeMeter(0), 10)).rateLimitHeaders(false).build()))
                .build();
        try (GatewayServer quietServer = GatewayServer.start(gateway)) {
            TestHttp.Response ok = quietServer.http().exchange(HttpMethod.GET, "/quiet/open", h -> { }, null);
            assertThat(ok.status()).isEqualTo(200);
            TestHttp.Response throttled = quietServer.http().exchange(HttpMethod.GET, "/quiet/open", h -> { }, null);
            assertThat(throttled.status()).isEqualTo(429);
            for (TestHttp.Response response : List.of(ok, throttled)) {
                assertThat(response.header("ratelimit-limit")).isNull();
                assertThat(response.header("ratelimit-remaining")).isNull();
                assertThat(response.header("ratelimit-reset")).isNull();
                assertThat(response.header("retry-after")).isNull();
            }
        }
    }

    @Test
    void theAccountThrottleCoversEveryRoute() {
        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            if (get("/pets/open", null).status() == 200) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(50);
    }

    @Test
    void keysCanComeFromTheAuthorizer() {
        TestHttp.Response ok = server.http().exchange(HttpMethod.GET, "/partners/data", h -> h.set("x-customer", "acme"), null);
        assertThat(ok.status()).isEqualTo(200);
        TestHttp.Response unknown = server.http().exchange(HttpMethod.GET, "/partners/data", h -> h.set("x-customer", "other"), null);
        assertThat(unknown.status()).isEqualTo(403);
    }

    @Test
    void keysCreatedAtRuntimeWorkAndDisablingOneTakesEffect() {
        String value = "runtime-key-0123456789ab";
        assertThat(get("/pets/keyed", value).status()).isEqualTo(403);
        keys.save(new ApiKey("k9", "runtime", value, true, Set.of("basic"), CLOCK.instant())).block(Duration.ofSeconds(10));
        assertThat(get("/pets/keyed", value).status()).isEqualTo(200);
        keys.save(new ApiKey("k9", "runtime", value, false, Set.of("basic"), CLOCK.instant())).block(Duration.ofSeconds(10));
        assertThat(get("/pets/keyed", value).status()).isEqualTo(403);
        keys.delete("k9").block(Duration.ofSeconds(10));
        assertThat(get("/pets/keyed", value).status()).isEqualTo(403);
    }
}
