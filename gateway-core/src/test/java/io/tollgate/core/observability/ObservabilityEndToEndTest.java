package io.tollgate.core.observability;

import io.tollgate.core.api.ExecutionLogLevel;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizerSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.auth.AuthorizerFeature;
import io.tollgate.core.auth.AuthorizerRegistry;
import io.tollgate.core.auth.AuthorizerResult;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.InMemoryApiKeyRepository;
import io.tollgate.core.usage.LocalRateLimiterStore;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsageFeature;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.MutableTimeMeter;
import io.tollgate.testsupport.TestBackend;
import io.tollgate.testsupport.TestHttp;
import net.minidev.json.JSONObject;
import net.minidev.json.JSONValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics, access logs, execution logs and observations of requests through a real server and backend. */
class ObservabilityEndToEndTest {

    private static final String KEY = "metered-key-0123456789abcdef";
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static final TestObservationRegistry OBSERVATIONS = TestObservationRegistry.create();
    private static final ListAppender<ILoggingEvent> ACCESS = new ListAppender<>();
    private static final ListAppender<ILoggingEvent> EXECUTION = new ListAppender<>();

    private static TestBackend backend;
    private static GatewayServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        attach("tollgate.access", ACCESS);
        attach("tollgate.execution", EXECUTION);
        backend = new TestBackend();
        Api shop = Api.builder("shop").basePath("/shop")
                .authorizer(new AuthorizerSpec("users", "REQUEST").simpleResponses(true)
                        .identitySources(List.of("$request.header.x-user")))
                .stageThrottle("$default", null, Map.of("GET /limited", new Throttle(1, 1)))
                .route("GET /items/{id}", IntegrationSpec.httpProxy(backend.url() + "/echo/items/{id}"))
                .route("GET /limited", IntegrationSpec.mock(200))
                .route(new RouteSpec("GET /private", IntegrationSpec.mock(200)).authorizer("users"))
                .route(new RouteSpec("GET /metered", IntegrationSpec.mock(200)).apiKeyRequired(true))
                .route("GET /broken", IntegrationSpec.httpProxy("http://127.0.0.1:1/nothing"))
                .build();
        Api legacy = Api.builder("legacy").type(ApiType.REST).basePath("/legacy").stage("prod", Map.of())
                .stage("dev", Map.of())
                .route("GET /pets/{id}", IntegrationSpec.mock(200))
                .build();
        Api cached = Api.builder("cached").basePath("/cached")
                .stageCache("$default", io.tollgate.core.api.cache.StageCacheSpec.of(1_000_000, java.time.Duration.ofSeconds(300)))
                .route(new RouteSpec("GET /items/{id}", IntegrationSpec.httpProxy(backend.url() + "/echo/items/{id}"))
                        .cache(new io.tollgate.core.api.cache.RouteCacheSpec(null, null, List.of("method.request.path.id"), null, null)))
                .build();
        UsagePlan plan = new UsagePlan("basic", null, new Quota(1, QuotaPeriod.DAY, 0),
                List.of(new UsagePlan.ApiStage("shop", "$default", Map.of())), Instant.EPOCH);
        UsageControl usage = UsageControl.builder().plans(List.of(plan))
                .keys(new InMemoryApiKeyRepository(List.of(new ApiKey("key-7", "metered", KEY, true, Set.of("basic"), Instant.EPOCH))))
                .local(new LocalRateLimiterStore(MutableTimeMeter.now(), 1000)).build();
        Gateway gateway = Gateway.builder().api(shop).api(legacy).api(cached).feature(new UsageFeature(usage))
                .feature(new AuthorizerFeature(AuthorizerRegistry.of(Map.of("users", event ->
                        Mono.just(AuthorizerResult.authorized("ok".equals(event.header("x-user")))))), null)).
                requestListener(new GatewayMetrics(METERS, MetricsOptions.DEFAULT))
                .requestListener(new AccessLogs(Map.of(
                        new StageRef("shop", "$default"), AccessLogFormat.of("JSON", ApiType.HTTP),
                        new StageRef("legacy", "prod"), AccessLogFormat.of("clf", ApiType.REST),
                        new StageRef("legacy", "dev"), AccessLogFormat.of("$context.requestId $context.routeKey"
                                + " $context.status $context.integrationLatency $context.error.responseType", ApiType.REST))))
                .requestListener(new ExecutionLogs(Map.of(new StageRef("shop", "$default"), ExecutionLogLevel.INFO,
                        new StageRef("legacy", "prod"), ExecutionLogLevel.ERROR)))
                .requestListener(new GatewayTracing(OBSERVATIONS))
                .build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    private static void attach(String name, ListAppender<ILoggingEvent> appender) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
        ((Logger) LoggerFactory.getLogger("tollgate.access")).detachAppender(ACCESS);
        ((Logger) LoggerFactory.getLogger("tollgate.execution")).detachAppender(EXECUTION);
    }

    @BeforeEach
    void clear() {
        METERS.clear();
        OBSERVATIONS.clear();
        ACCESS.list.clear();
        EXECUTION.list.clear();
    }

    /** Streamed replies complete when their body has been written, just after the client has read it. */
    private static void await(BooleanSupplier condition) {
        Await.until("the request to complete", condition);
    }

    private static boolean stopped(String observation) {
        try {
            TestObservationRegistryAssert.assertThat(OBSERVATIONS).hasObservationWithNameEqualTo(observation).that()
                    .hasBeenStopped();
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static Timer requests(String route, String status) {
        return METERS.find(MeterNames.REQUESTS).tags("api", "shop", "stage", "$default", "route", route, "status", status)
                .timer();
    }

    @Test
    void proxiedRequestIsTimedWithIntegrationLatencyAndLoggedAsJson() {
        TestHttp.Response response = http.get("/shop/items/42");
        assertThat(response.status()).isEqualTo(200);
        // every listener has heard of the request's end (meters, logs, then its observation), on the event loop
        await(() -> requests("GET /items/{id}", "200") != null && ACCESS.list.size() == 1 && EXECUTION.list.size() == 1
                && stopped(GatewayTracing.REQUEST));

        Timer timer = requests("GET /items/{id}", "200");
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.getId().getTag("method")).isEqualTo("GET");
        assertThat(timer.getId().getTag("outcome")).isEqualTo("SUCCESS");
        Timer integration = METERS.get(MeterNames.INTEGRATION_LATENCY).tags("route", "GET /items/{id}").timer();
        assertThat(integration.count()).isEqualTo(1);
        assertThat(integration.totalTime(TimeUnit.NANOSECONDS)).isPositive()
                .isLessThanOrEqualTo(timer.totalTime(TimeUnit.NANOSECONDS));
        assertThat(METERS.find(MeterNames.ERRORS_4XX).counter()).isNull();

        JSONObject line = (JSONObject) JSONValue.parse(ACCESS.list.get(0).getFormattedMessage());
        assertThat(ACCESS.list.get(0).getLoggerName()).isEqualTo("tollgate.access.shop.$default");
        assertThat(line.get("requestId")).isEqualTo(response.header("apigw-requestid"));
        assertThat(line.get("ip")).isEqualTo("127.0.0.1");
        assertThat(line.get("httpMethod")).isEqualTo("GET");
        assertThat(line.get("routeKey")).isEqualTo("GET /items/{id}");
        assertThat(line.get("status")).isEqualTo("200");
        assertThat(line.get("protocol")).isEqualTo("HTTP/1.1");
        assertThat(line.get("responseLength")).isEqualTo(Integer.toString(response.body().length()));
        assertThat((String) line.get("requestTime")).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");

        assertThat(EXECUTION.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("GET /shop/items/42 matched GET /items/{id}", "integration answered 200 in",
                    "answered 200 (" + response.body().length() + " bytes)");
        });
        TestObservationRegistryAssert.assertThat(OBSERVATIONS).hasObservationWithNameEqualTo(GatewayTracing.REQUEST)
                .that().hasLowCardinalityKeyValue("api", "shop").hasLowCardinalityKeyValue("stage", "$default")
                .hasLowCardinalityKeyValue("route", "GET /items/{id}").hasLowCardinalityKeyValue("method", "GET")
                .hasLowCardinalityKeyValue("status", "200").hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasHighCardinalityKeyValue("path", "/shop/items/42")
                .hasHighCardinalityKeyValue("request.id", response.header("apigw-requestid"))
                .hasBeenStarted().hasBeenStopped();
        TestObservationRegistryAssert.assertThat(OBSERVATIONS).hasObservationWithNameEqualTo(GatewayTracing.INTEGRATION)
                .that().hasLowCardinalityKeyValue("outcome", "200").hasLowCardinalityKeyValue("type", "http_proxy")
                .hasBeenStopped()
                .hasParentObservationContextMatching(parent -> parent.getName().equals(GatewayTracing.REQUEST));
    }

    @Test
    void unmatchedPathsCollapseIntoOneRouteTag() {
        assertThat(http.get("/shop/nothing/here").status()).isEqualTo(404);
        assertThat(http.get("/shop/other/" + System.nanoTime()).status()).isEqualTo(404);
        assertThat(http.exchange(HttpMethod.valueOf("BREW"), "/shop/x", h -> { }, null).status()).isEqualTo(404);

        assertThat(requests("$unmatched", "404").count()).isEqualTo(2);
        assertThat(METERS.get(MeterNames.REQUESTS).tags("route", "$unmatched", "method", "OTHER").timer().count()).isEqualTo(1);
        assertThat(METERS.get(MeterNames.ERRORS_4XX).tags("route", "$unmatched").counters())
                .extracting(Counter::count).containsExactlyInAnyOrder(2.0, 1.0);
        assertThat(METERS.getMeters()).extracting(Meter::getId).allSatisfy(id ->
                assertThat(id.getTag("route")).isIn("$unmatched"));
        assertThat(ACCESS.list).hasSize(3).allSatisfy(event ->
                assertThat(event.getFormattedMessage()).contains("\"status\":\"404\"", "\"routeKey\":\"-\""));
        assertThat(EXECUTION.list).hasSize(3).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("$unmatched", "gateway response RESOURCE_NOT_FOUND");
        });
    }

    @Test
    void stageCacheHitsAndMissesAreCountedPerRoute() {
        assertThat(http.get("/cached/items/1").status()).isEqualTo(200);
        assertThat(http.get("/cached/items/1").status()).isEqualTo(200);
        assertThat(http.get("/cached/items/1").status()).isEqualTo(200);
        assertThat(http.get("/cached/items/2").status()).isEqualTo(200);
        assertThat(http.exchange(HttpMethod.GET, "/cached/items/2", h -> h.set("cache-control", "max-age=0"), null)
                .status()).isEqualTo(200);

        // the real stage cache's outcome: 2 hits of item 1; misses of 1 and 2, and the refresh of 2 (not allowed to
        // invalidate by default, so it is answered from the cache: a hit)
        await(() -> METERS.find(MeterNames.REQUESTS).tags("api", "cached").timers().stream()
                .mapToLong(Timer::count).sum() == 5);
        assertThat(METERS.get(MeterNames.CACHE_HITS).tags("api", "cached", "route", "GET /items/{id}").counter().count())
                .isEqualTo(3);
        assertThat(METERS.get(MeterNames.CACHE_MISSES).tags("api", "cached", "route", "GET /items/{id}").counter().count())
                .isEqualTo(2);
        assertThat(METERS.find(MeterNames.INTEGRATION_LATENCY).tags("api", "cached").timer().count()).isEqualTo(2);
        assertThat(METERS.find(MeterNames.CACHE_HITS).tags("api", "shop").counter()).isNull();
    }

    @Test
    void throttledQuotaAndServerErrorsAreCounted() {
        assertThat(http.get("/shop/limited").status()).isEqualTo(200);
        assertThat(http.get("/shop/limited").status()).isEqualTo(429);
        TestHttp.Response metered = http.exchange(HttpMethod.GET, "/shop/metered", h -> h.set("x-api-key", KEY), null);
        assertThat(metered.status()).isEqualTo(200);
        assertThat(http.exchange(HttpMethod.GET, "/shop/metered", h -> h.set("x-api-key", KEY), null).status()).isEqualTo(429);
        TestHttp.Response broken = http.get("/shop/broken");
        assertThat(broken.status()).isEqualTo(502);

        assertThat(METERS.get(MeterNames.THROTTLED).tags("route", "GET /limited").counter().count()).isEqualTo(1);
        assertThat(METERS.find(MeterNames.QUOTA_EXCEEDED).tags("route", "GET /limited").counter()).isNull();
        assertThat(METERS.get(MeterNames.QUOTA_EXCEEDED).tags("route", "GET /metered").counter().count()).isEqualTo(1);
        assertThat(METERS.get(MeterNames.ERRORS_4XX).tags("route", "GET /metered").counter().count()).isEqualTo(1);
        assertThat(METERS.get(MeterNames.ERRORS_5XX).tags("route", "GET /broken").counter().count()).isEqualTo(1);
        assertThat(requests("GET /broken", "502").getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
        assertThat(METERS.find(MeterNames.INTEGRATION_LATENCY).tags("route", "GET /broken").timer()).isNotNull();
        assertThat(ACCESS.list).filteredOn(e -> e.getFormattedMessage().contains("/metered")).hasSize(2);
        assertThat(ACCESS.list).noneMatch(e -> e.getFormattedMessage().contains(KEY));
        assertThat(EXECUTION.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("GET /shop/broken matched GET /broken", "integration failed in", "gateway response INTEGRATION_FAILURE", "answered 502"));
    }

    @Test
    void authorizerOutcomesAreTimedAndTraced() {
        assertThat(http.exchange(HttpMethod.GET, "/shop/private", h -> h.set("x-user", "ok"), null).status()).isEqualTo(200);
        assertThat(http.exchange(HttpMethod.GET, "/shop/private", h -> h.set("x-user", "nope"), null).status()).isEqualTo(403);
        assertThat(http.get("/shop/private").status()).isEqualTo(401);

        assertThat(METERS.get(MeterNames.AUTHORIZER).tags("route", "GET /private", "type", "custom", "outcome", "allow")
                .timer().count()).isEqualTo(1);
        assertThat(METERS.get(MeterNames.AUTHORIZER).tags("outcome", "deny").timer().count()).isEqualTo(1);
        assertThat(METERS.get(MeterNames.AUTHORIZER).tags("outcome", "unauthorized").timer().count()).isEqualTo(1);
        assertThat(METERS.find(MeterNames.INTEGRATION_LATENCY).tags("route", "GET /private").timer().count()).isEqualTo(1);
        TestObservationRegistryAssert.assertThat(OBSERVATIONS).hasNumberOfObservationsWithNameEqualTo(GatewayTracing.AUTHORIZER, 3)
                .hasObservationWithNameEqualTo(GatewayTracing.AUTHORIZER).that()
                .hasLowCardinalityKeyValue("type", "custom").hasBeenStopped();
        assertThat(EXECUTION.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("authorizer custom allow in"));
    }

    @Test
    void restPresetsAndCustomFormats() {
        TestHttp.Response ok = http.get("/legacy/prod/pets/7");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(http.get("/legacy/dev/pets/7").status()).isEqualTo(200);
        assertThat(http.get("/legacy/dev/nothing").status()).isEqualTo(403);

        assertThat(ACCESS.list).hasSize(3);
        String requestId = ok.header("x-amzn-RequestId");
        assertThat(ACCESS.list.get(0).getLoggerName()).isEqualTo("tollgate.access.legacy.prod");
        assertThat(ACCESS.list.get(0).getFormattedMessage()).matches("127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /pets/\\{id\\}"
                + " HTTP/1\\.1\" 200 0 " + requestId + " [0-9a-f]{16}");
        assertThat(ACCESS.list.get(1).getFormattedMessage()).matches("[0-9a-f-]{36} GET /pets/\\{id\\} 200 \\d+ -");
        assertThat(ACCESS.list.get(2).getFormattedMessage()).matches("[0-9a-f-]{36} - 403 - MISSING_AUTHENTICATION_TOKEN");
        assertThat(EXECUTION.list).as("ERROR level: nothing for a success, INFO only on shop").isEmpty();
    }
}
