package io.tollgate.core.usage;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.api.usage.Quota;
import io.tollgate.core.api.usage.QuotaPeriod;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.RenderedError;
import io.tollgate.testsupport.MutableClock;
import io.tollgate.testsupport.MutableTimeMeter;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage plan step alone (API key, plan throttle, quota), as {@link UsageFeature}'s step factory builds it, on the
 * local stores and a fake clock and time meter: no server, no Redis, no waiting.
 */
class UsageStepTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String BURSTY = "bursty-key-0123456789abcd";
    private static final String BURSTY2 = "bursty2-key-0123456789abc";
    private static final String COUNTED = "counted-key-0123456789abc";
    private static final String DISABLED = "disabled-key-0123456789ab";
    private static final String PLANLESS = "planless-key-0123456789ab";

    private static final Api API = Api.builder("shop")
            .route(new RouteSpec("GET /orders", IntegrationSpec.mock(200)).apiKeyRequired(true))
            .build();
    private static final Api PARTNERS = Api.builder("partners").apiKeySource("AUTHORIZER")
            .route(new RouteSpec("GET /data", IntegrationSpec.mock(200)).apiKeyRequired(true))
            .build();

    private final MutableClock clock = new MutableClock(T0);
    private final MutableTimeMeter time = new MutableTimeMeter(1_000_000_000L);
    private final UsageControl control = UsageControl.builder()
            .plans(List.of(
                    // burst of 2, one request a second, no quota
                    new UsagePlan("bursty", new Throttle(1, 2), null, List.of(
                            new UsagePlan.ApiStage("shop", "$default", Map.of()),
                            new UsagePlan.ApiStage("partners", "$default", Map.of())), T0.minus(Duration.ofDays(30))),
                    // no throttle, 2 requests a day
                    new UsagePlan("counted", null, new Quota(2, QuotaPeriod.DAY, 0),
                            List.of(new UsagePlan.ApiStage("shop", "$default", Map.of())), T0.minus(Duration.ofDays(30))),
                    // covers another API only
                    new UsagePlan("elsewhere", null, null,
                            List.of(new UsagePlan.ApiStage("partners", "$default", Map.of())), T0)))
            .keys(new InMemoryApiKeyRepository(List.of(
                    new ApiKey("k-bursty", "bursty", BURSTY, true, Set.of("bursty"), T0),
                    new ApiKey("k-bursty2", "bursty2", BURSTY2, true, Set.of("bursty"), T0),
                    new ApiKey("k-counted", "counted", COUNTED, true, Set.of("counted"), T0),
                    new ApiKey("k-disabled", "disabled", DISABLED, false, Set.of("bursty"), T0),
                    new ApiKey("k-planless", "planless", PLANLESS, true, Set.of("elsewhere"), T0))))
            .quotas(new LocalQuotaStore(clock, time::currentTimeNanos, 1000))
            .local(new LocalRateLimiterStore(time, 1000))
            .clock(clock)
            .build();
    private final PipelineStep step = step(API);

    private final AtomicInteger nextCalls = new AtomicInteger();
    private final ExchangeHandler next = exchange -> {
        nextCalls.incrementAndGet();
        return Mono.just(Reply.of(200, new DefaultHttpHeaders(), new byte[0]));
    };

    private PipelineStep step(Api api) {
        return new UsageStepFactory(control).create(new RouteContext(api, api.stages().get(0),
                Optional.of(api.routes().get(0)))).orElseThrow();
    }

    private static GatewayExchange exchange(Api api, StubRequest request) {
        return new GatewayExchange(request, RequestPath.parse(request.rawPath()), api, api.stages().get(0), null, 0,
                System.nanoTime());
    }

    private Reply run(GatewayExchange exchange) {
        return step.apply(exchange, next).block(Duration.ofSeconds(10));
    }

    private Reply run(String key) {
        StubRequest request = key == null ? StubRequest.get("/orders") : StubRequest.get("/orders", "x-api-key", key);
        return run(exchange(API, request));
    }

    private static String rendered(Reply reply) {
        return RenderedError.body(reply);
    }

    private static void assertForbidden(Reply reply, String key) {
        assertThat(reply.error()).as("key %s", key).isNotNull();
        assertThat(reply.error().type()).as("key %s", key).isEqualTo(GatewayResponseType.INVALID_API_KEY);
        assertThat(reply.status()).as("key %s", key).isEqualTo(403);
        assertThat(rendered(reply)).as("key %s", key).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void aMissingKeyIsForbiddenAndGoesNoFurther() {
        assertForbidden(run((String) null), null);
        assertForbidden(run(""), "");
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void unknownDisabledAndPlanlessKeysAreForbidden() {
        for (String key : List.of("unknown-key-0123456789abc", DISABLED, PLANLESS)) {
            assertForbidden(run(key), key);
        }
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void aValidKeyGoesOnMeteredUnderItsId() {
        GatewayExchange exchange = exchange(API, StubRequest.get("/orders", "x-api-key", BURSTY));
        exchange.observe();
        Reply reply = run(exchange);
        assertThat(reply.error()).isNull();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(1);
        // the key's id (never its value) is what observability records
        assertThat(exchange.facts().apiKeyId()).isEqualTo("k-bursty");
        // the plan's bucket: 2 tokens, 1 left, full again in 1 s
        assertThat(reply.headers().get("ratelimit-limit")).isEqualTo("2");
        assertThat(reply.headers().get("ratelimit-remaining")).isEqualTo("1");
        assertThat(reply.headers().get("ratelimit-reset")).isEqualTo("1");
        assertThat(reply.headers().contains("retry-after")).isFalse();
    }

    @Test
    void withTheAuthorizerAsKeySourceTheHeaderDoesNotCount() {
        PipelineStep partners = step(PARTNERS);
        GatewayExchange headerOnly = exchange(PARTNERS, StubRequest.get("/data", "x-api-key", BURSTY));
        assertForbidden(partners.apply(headerOnly, next).block(Duration.ofSeconds(10)), BURSTY);

        GatewayExchange authorized = exchange(PARTNERS, StubRequest.get("/data"));
        authorized.authorization(new Authorization(AuthorizationType.CUSTOM, "acme", Map.of(), Map.of(), List.of(),
                BURSTY, null, 0));
        assertThat(partners.apply(authorized, next).block(Duration.ofSeconds(10)).status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(1);
    }

    @Test
    void anExhaustedBurstIsTooManyRequestsUntilTheBucketRefills() {
        assertThat(run(BURSTY).status()).isEqualTo(200);
        assertThat(run(BURSTY).status()).isEqualTo(200);
        Reply throttled = run(BURSTY);
        assertThat(throttled.error().type()).isEqualTo(GatewayResponseType.THROTTLED);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(rendered(throttled)).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(throttled.headers().get("retry-after")).isEqualTo("1");
        assertThat(throttled.headers().get("ratelimit-limit")).isEqualTo("2");
        assertThat(throttled.headers().get("ratelimit-remaining")).isEqualTo("0");
        assertThat(throttled.headers().get("ratelimit-reset")).isEqualTo("2");
        assertThat(nextCalls).hasValue(2);
        // another key of the plan has a bucket of its own
        assertThat(run(BURSTY2).status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(3);

        // one token a second: nothing yet just before, one token after a second
        time.advance(Duration.ofMillis(999));
        assertThat(run(BURSTY).status()).isEqualTo(429);
        time.advance(Duration.ofMillis(1));
        assertThat(run(BURSTY).status()).isEqualTo(200);
        assertThat(run(BURSTY).status()).isEqualTo(429);
        assertThat(nextCalls).hasValue(4);
    }

    @Test
    void anExceededQuotaIsLimitExceededUntilTheNextPeriod() {
        assertThat(run(COUNTED).status()).isEqualTo(200);
        assertThat(run(COUNTED).status()).isEqualTo(200);
        Reply exceeded = run(COUNTED);
        assertThat(exceeded.error().type()).isEqualTo(GatewayResponseType.QUOTA_EXCEEDED);
        assertThat(exceeded.status()).isEqualTo(429);
        assertThat(rendered(exceeded)).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        // a quota is no bucket: no RateLimit-* headers; Retry-After is the time left in the (UTC) day: 10:00 -> 24:00
        assertThat(exceeded.headers().get("retry-after")).isEqualTo(Long.toString(Duration.ofHours(14).toSeconds()));
        assertThat(exceeded.headers().contains("ratelimit-remaining")).isFalse();
        assertThat(exceeded.headers().contains("ratelimit-limit")).isFalse();
        assertThat(nextCalls).hasValue(2);

        clock.advance(Duration.ofHours(13).plusMinutes(59));
        assertThat(run(COUNTED).status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(run(COUNTED).status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(3);
    }
}
