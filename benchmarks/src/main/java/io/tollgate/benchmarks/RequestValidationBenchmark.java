package io.tollgate.benchmarks;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.validation.BodyValidator;
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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A request validator's work on a body: parse the JSON and check it against the quickstart's compiled Pet model
 * (draft 4), for a valid pet and for one that breaks two rules (the error string built as AWS words it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestValidationBenchmark {

    private BodyValidator pet;
    private byte[] validPet;
    private byte[] invalidPet;

    @Setup
    public void setUp() {
        Api api = Api.builder("petstore")
                .model("Pet", """
                        {"type": "object", "required": ["name"],
                         "properties": {"name": {"type": "string"}, "price": {"type": "number", "minimum": 0}}}""")
                .route("POST /pets", IntegrationSpec.mock(201))
                .build();
        pet = BodyValidator.of(api.models().get("Pet"));
        validPet = "{\"name\":\"Rex\",\"type\":\"dog\",\"price\":249.99}".getBytes(StandardCharsets.UTF_8);
        invalidPet = "{\"type\":\"dog\",\"price\":-1}".getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String validPet() {
        return pet.validate(validPet);
    }

    @Benchmark
    public String invalidPet() {
        return pet.validate(invalidPet);
    }
}
