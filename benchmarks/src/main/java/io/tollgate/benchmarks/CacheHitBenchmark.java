package io.tollgate.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.cache.RouteCacheSpec;
import io.tollgate.core.api.cache.StageCacheSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stage cache hit through a route's whole compiled pipeline (key built from a path and a query parameter, Caffeine
 * lookup, a fresh copy of the stored headers, the request id), without the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheHitBenchmark {

    private Gateway gateway;
    private Resolution resolution;
    private InboundRequest request;

    /** A GET without a body. */
    private record Get(String rawPath, String rawQuery, HttpHeaders headers) implements InboundRequest {
        public String method() {
            return "GET";
        }

        public Flux<ByteBuf> body() {
            return Flux.empty();
        }

        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        public String scheme() {
            return "http";
        }

        public String protocol() {
            return "HTTP/1.1";
        }
    }

    @Setup
    public void setUp() {
        Api api = Api.builder("pets")
                .stageCache("$default", StageCacheSpec.of(16L * 1024 * 1024, Duration.ofSeconds(3600)))
                .route(new RouteSpec("GET /pets/{id}", IntegrationSpec.mock(200).body("{\"id\":1,\"type\":\"dog\",\"price\":249.99}")
                        .headers(java.util.Map.of("content-type", "application/json")))
                        .cache(new RouteCacheSpec(null, null, List.of("method.request.path.id", "method.request.querystring.fields"),
                                null, null)))
                .build();
        gateway = Gateway.builder().api(api).build();
        resolution = gateway.resolve("GET", "/pets/1");
        request = new Get("/pets/1", "fields=type", new DefaultHttpHeaders().set("user-agent", "bench"));
        hit();
    }

    @Benchmark
    public Reply hit() {
        return gateway.process(resolution, request).block();
    }
}
