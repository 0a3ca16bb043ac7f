package io.tollgate.core.api.cache;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stage caches and route cache settings: AWS's defaults and ranges, key parameters checked against the route. */
class CacheValidationTest {

    @Test
    void aStageCacheTakesAwsDefaults() {
        Api api = Api.builder("a").stage("prod", java.util.Map.of())
                .stageCache("prod", new StageCacheSpec(true, null, null, null, null, null, null))
                .route("GET /x", IntegrationSpec.mock(200)).build();
        StageCache cache = api.stages().get(0).cache();
        assertThat(cache.capacityBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(cache.requireAuthorizationForCacheControl()).isTrue();
        assertThat(cache.unauthorizedStrategy()).isEqualTo(UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER);
        Route route = api.routes().get(0);
        assertThat(route.cache()).isEqualTo(RouteCache.DEFAULT);
        assertThat(route.cache().methods()).containsExactly("GET");
    }

    @Test
    void aDisabledStageCacheIsNone() {
        Api api = Api.builder("a").stageCache("$default", new StageCacheSpec(false, 1L, null, null, null, null, null))
                .route("GET /x", IntegrationSpec.mock(200)).build();
        assertThat(api.stages().get(0).cache()).isNull();
    }

    @Test
    void routeSettingsAreParsed() {
        Api api = Api.builder("a").route(new RouteSpec("ANY /pets/{id}", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(true,
                Duration.ofSeconds(60), List.of("method.request.path.id", "method.request.header.Accept-Language",
                "method.request.querystring.fields"), List.of("get", "POST"), true))).build();
        RouteCache cache = api.routes().get(0).cache();
        assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cache.methods()).isEqualTo(Set.of("GET", "POST"));
        assertThat(cache.publicResponses()).isTrue();
        assertThat(cache.keyParameters()).containsExactly(
                new CacheKeyParameter(CacheKeyParameter.Location.PATH, "id", "method.request.path.id"),
                new CacheKeyParameter(CacheKeyParameter.Location.HEADER, "accept-language", "method.request.header.Accept-Language"),
                new CacheKeyParameter(CacheKeyParameter.Location.QUERYSTRING, "fields", "method.request.querystring.fields"));
    }

    @Test
    void badValuesNameTheirProperty() {
        Api.Builder builder = Api.builder("a").stage("prod", java.util.Map.of())
                .stageCache("prod", new StageCacheSpec(true, 0L, Duration.ofSeconds(3601), null, "FAIL", List.of(" "), null))
                .stageCache("nope", StageCacheSpec.of(1000, Duration.ofSeconds(1)))
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(null,
                        Duration.ofSeconds(-1), List.of("method.request.path.petId", "querystring.x", "method.request.header."),
                        List.of("FETCH"), null)));
        assertThatThrownBy(builder::build).isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                        "stages.prod.cache.capacity", "stages.prod.cache.ttl",
                        "stages.prod.cache.unauthorized-cache-control-header-strategy",
                        "stages.prod.cache.invalidators.principals[0]", "stages.nope.cache",
                        "routes[0].cache.ttl", "routes[0].cache.key-parameters[0]", "routes[0].cache.key-parameters[1]",
                        "routes[0].cache.key-parameters[2]", "routes[0].cache.methods[0]"))
                .hasMessageContaining("the route key 'GET /pets/{id}' has no path parameter 'petId'")
                .hasMessageContaining("0 (off) to 3600 s");
    }

    @Test
    void aTtlOfZeroAndTheMaximumAreAccepted() {
        Api api = Api.builder("a").stageCache("$default", StageCacheSpec.of(1, Duration.ofSeconds(3600)))
                .route(new RouteSpec("GET /x", IntegrationSpec.mock(200)).cache(new RouteCacheSpec(null, Duration.ZERO, null, null, null)))
                .build();
        assertThat(api.stages().get(0).cache().ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(api.routes().get(0).cache().ttl()).isZero();
    }
}
