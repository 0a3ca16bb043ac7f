package io.tollgate.benchmarks;

import io.tollgate.core.mapping.MappingTemplate;
import io.tollgate.core.mapping.TemplateInput;
import io.tollgate.core.mapping.TemplateResult;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rendering compiled mapping templates: a small response template (the quickstart's pet), and a request template
 * that walks a 20-item JSON order with {@code #foreach}, {@code $input.json} and {@code $util} calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TemplateRenderingBenchmark {

    private MappingTemplate petTemplate;
    private MappingTemplate orderTemplate;
    private TemplateInput petInput;
    private TemplateInput orderInput;

    @Setup
    public void setUp() {
        petTemplate = MappingTemplate.compile("""
                {"name": "$input.path('$.type')", "price": $input.json('$.price'), "requestId": "$context.requestId"}""");
        petInput = TemplateInput.builder()
                .body("{\"id\":1,\"type\":\"dog\",\"price\":249.99}")
                .context(Map.of("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"))
                .build();
        orderTemplate = MappingTemplate.compile("""
                #set($order = $input.path('$'))
                {
                  "customer": "$util.escapeJavaScript($order.customer)",
                  "items": [
                #foreach($item in $order.items)
                    {"sku": "$item.sku", "quantity": $item.qty, "price": $input.json("$.items[$foreach.index].price")}#if($foreach.hasNext),#end
                #end
                  ],
                  "stage": "$stageVariables.env",
                  "source": "$input.params('x-source')"
                }""");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"sku-").append(i).append("\",\"qty\":").append(i + 1)
                    .append(",\"price\":").append(9.99 + i).append('}');
        }
        orderInput = TemplateInput.builder()
                .body("{\"customer\":\"O'Brien\",\"items\":[" + items + "]}")
                .header("x-source", "bench")
                .stageVariable("env", "prod")
                .build();
    }

    @Benchmark
    public TemplateResult petResponseTemplate() {
        return petTemplate.render(petInput);
    }

    @Benchmark
    public TemplateResult orderRequestTemplate() {
        return orderTemplate.render(orderInput);
    }
}
