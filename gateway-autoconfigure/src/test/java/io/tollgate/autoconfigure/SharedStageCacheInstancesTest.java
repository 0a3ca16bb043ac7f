package io.tollgate.autoconfigure;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.RedisAvailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances (application contexts with their own servers) with {@code tollgate.cache.store=redis}: a
 * response cached through one is a hit on the other, and a flush on one instance's actuator is a miss on the other.
 * The mock integration answers each call with its request id, so a body tells which call made it.
 */
class SharedStageCacheInstancesTest {

    private static String prefix;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        RedisAvailable.require();
        prefix = "tollgate-test:" + UUID.randomUUID() + ":";
        redisClient = RedisClient.create(RedisURI.create(RedisAvailable.HOST, RedisAvailable.PORT));
        redis = redisClient.connect();
        first = start(prefix);
        second = start(prefix);
    }

    private static ConfigurableApplicationContext start(String prefix) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("management.endpoints.web.exposure.include", "tollgate,health");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("tollgate.cache.store", "redis");
        properties.put("tollgate.cache.redis-prefix", prefix);
        properties.put("tollgate.usage.redis-url", "redis://" + RedisAvailable.HOST + ":" + RedisAvailable.PORT);
        properties.put("tollgate.apis.legacy.type", "REST");
        properties.put("tollgate.apis.legacy.base-path", "/legacy");
        properties.put("tollgate.apis.legacy.stages.prod.cache.enabled", "true");
        properties.put("tollgate.apis.legacy.routes[0].route-key", "GET /call");
        properties.put("tollgate.apis.legacy.routes[0].integration.type", "MOCK");
        properties.put("tollgate.apis.legacy.routes[0].integration.integration-responses[0].status-code", "200");
        properties.put("tollgate.apis.legacy.routes[0].integration.integration-responses[0].response-templates"
                + ".[application/json]", "call $context.requestId");
        return new SpringApplicationBuilder(ServerTestApplication.class)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("test", properties)))
                .run();
    }

    // The applications are not closed here but at the JVM's exit (SpringApplication's shutdown hook): closing one
    // disposes Reactor Netty's global event loops, which the other contexts of this JVM still use.

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30))
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")).build();
    }

    private record Answer(String cache, String body) {
    }

    private static Answer call(ConfigurableApplicationContext context) {
        EntityExchangeResult<String> result = client(context).get().uri("/legacy/prod/call").exchange()
                .expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(200);
        return new Answer(result.getResponseHeaders().getFirst("X-Tollgate-Cache"), result.getResponseBody());
    }

    @Test
    void whatOneInstanceCachedIsAHitOnTheOtherUntilOneFlushesTheStage() {
        Answer miss = call(first);
        assertThat(miss.cache()).isEqualTo("MISS");
        assertThat(miss.body()).startsWith("call ");
        // stored as the reply went out: wait until Redis has it, or the second instance would miss and store its own
        Await.until("the entry in Redis", () -> !keys().isEmpty());
        Answer hit = call(second);
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());

        assertThat(client(first).delete().uri("/actuator/tollgate/cache/legacy/prod").exchange().returnResult(Void.class)
                .getStatus().value()).isEqualTo(204);

        Answer after = call(second);
        assertThat(after.cache()).isEqualTo("MISS");
        assertThat(after.body()).isNotEqualTo(miss.body());
        EntityExchangeResult<String> health = client(second).get().uri("/actuator/health/tollgateCacheStore").exchange()
                .expectBody(String.class).returnResult();
        assertThat(health.getResponseBody()).contains("\"status\":\"UP\"").contains(prefix);
        Await.until("the new entry in Redis", () -> keys().size() == 1);
        assertThat(call(first)).isEqualTo(new Answer("HIT", after.body()));
    }

    /** This test's keys in Redis. */
    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @AfterAll
    static void deleteKeysAndClose() {
        if (redis != null) {
            List<String> left = keys();
            if (!left.isEmpty()) {
                redis.sync().del(left.toArray(String[]::new));
            }
            redis.close();
            redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
