package io.tollgate.core.integration;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Building the backend request of an HTTP proxy route: the URI from its compiled template (path variables, greedy
 * tail, stage variables resolved at startup), and the parameter mappings (headers, query string, {@code $context}).
 * Lives in the integration package to reach its package-private parts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProxyRequestBenchmark {

    private TargetUri plainUri;
    private TargetUri greedyUri;
    private RequestMappings mappings;
    private GatewayExchange plainExchange;
    private GatewayExchange greedyExchange;
    private HttpHeaders incoming;

    @Setup
    public void setUp() {
        Map<String, String> variables = Map.of("backend", "http://pets.internal:8080", "env", "prod");
        Api api = Api.builder("bench").stage("$default", variables)
                .route("GET /pets/{id}", IntegrationSpec.httpProxy("${stageVariables.backend}/pets/{id}")
                        .requestParameter("append:header.x-request-id", "$context.requestId")
                        .requestParameter("overwrite:header.x-env", "$stageVariables.env")
                        .requestParameter("overwrite:querystring.caller", "${context.identity.sourceIp}")
                        .requestParameter("remove:header.cookie", ""))
                .route("ANY /store/{proxy+}", IntegrationSpec.httpProxy("${stageVariables.backend}/store/{proxy}"))
                .build();
        Gateway gateway = Gateway.builder().api(api).build();
        Route pets = api.routes().get(0);
        Route store = api.routes().get(1);
        plainUri = TargetUri.compile(((HttpProxyIntegration) pets.integration()).uri(), pets.key(), variables);
        greedyUri = TargetUri.compile(((HttpProxyIntegration) store.integration()).uri(), store.key(), variables);
        mappings = RequestMappings.compile(((HttpProxyIntegration) pets.integration()).requestParameters(), variables);
        incoming = new DefaultHttpHeaders().set("host", "api.example.com").set("user-agent", "bench")
                .set("cookie", "a=b").set("accept", "application/json");
        plainExchange = exchange(gateway, "GET", "/pets/42", "q=1&sort=asc");
        greedyExchange = exchange(gateway, "POST", "/store/orders/7/items/3", null);
    }

    private GatewayExchange exchange(Gateway gateway, String method, String path, String query) {
        Resolution resolution = gateway.resolve(method, path);
        InboundRequest request = new InboundRequest() {
            @Override public String method() { return method; }
            @Override public String rawPath() { return path; }
            @Override public String rawQuery() { return query; }
            @Override public HttpHeaders headers() { return incoming; }
            @Override public Flux<ByteBuf> body() { return Flux.empty(); }
            @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
            @Override public String scheme() { return "http"; }
            @Override public String protocol() { return "HTTP/1.1"; }
        };
        Api api = resolution.mount().api();
        return new GatewayExchange(request, resolution.path(), api, resolution.mount().stage(), resolution.match(),
                System.currentTimeMillis(), System.nanoTime());
    }

    @Benchmark
    public String buildUri() {
        return plainUri.render(plainExchange.match());
    }

    @Benchmark
    public String buildGreedyUri() {
        return greedyUri.render(greedyExchange.match());
    }

    @Benchmark
    public RequestMappings.Outgoing applyMappings() {
        HttpHeaders headers = new DefaultHttpHeaders().set(incoming);
        RequestMappings.Outgoing outgoing = new RequestMappings.Outgoing(plainUri.render(plainExchange.match()), "q=1&sort=asc", headers);
        mappings.apply(plainExchange, outgoing);
        return outgoing;
    }
}
