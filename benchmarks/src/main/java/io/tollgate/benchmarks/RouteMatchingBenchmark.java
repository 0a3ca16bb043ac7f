package io.tollgate.benchmarks;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Resolving a request to its API, stage and route: path parsing and normalisation, the mount lookup and the trie
 * walk, with 10, 1,000 and 10,000 routes of a realistic mix (literals, variables, a greedy route and methods).
 * Target: at most 1 µs per match at 1,000 routes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteMatchingBenchmark {

    @Param({"10", "1000", "10000"})
    int routes;

    private Gateway gateway;
    private String[] paths;
    private String[] methods;
    private int next;

    @Setup
    public void setUp() {
        Api.Builder api = Api.builder("bench").stage("$default", Map.of());
        String[] verbs = {"GET", "POST", "PUT", "DELETE"};
        for (int i = 0; i < routes; i++) {
            String verb = verbs[i % verbs.length];
            switch (i % 4) {
                case 0 -> api.route(verb + " /service" + i + "/items/{id}", IntegrationSpec.mock(200));
                case 1 -> api.route(verb + " /service" + i + "/items/{id}/parts/{part}", IntegrationSpec.mock(200));
                case 2 -> api.route(verb + " /service" + i + "/catalog", IntegrationSpec.mock(200));
                default -> api.route("ANY /service" + i + "/files/{proxy+}", IntegrationSpec.mock(200));
            }
        }
        gateway = Gateway.builder().api(api.build()).build();
        Random random = new Random(7);
        paths = new String[1024];
        methods = new String[1024];
        for (int k = 0; k < paths.length; k++) {
            int i = random.nextInt(routes);
            methods[k] = verbs[i % verbs.length];
            paths[k] = switch (i % 4) {
                case 0 -> "/service" + i + "/items/" + k;
                case 1 -> "/service" + i + "/items/" + k + "/parts/p" + k;
                case 2 -> "/service" + i + "/catalog";
                default -> "/service" + i + "/files/a/b/" + k + ".txt";
            };
            if (gateway.resolve(methods[k], paths[k]) == null || !gateway.resolve(methods[k], paths[k]).explicit()) {
                throw new IllegalStateException("benchmark path does not match: " + methods[k] + " " + paths[k]);
            }
        }
    }

    @Benchmark
    public Resolution resolve() {
        int k = next++ & 1023;
        return gateway.resolve(methods[k], paths[k]);
    }
}
