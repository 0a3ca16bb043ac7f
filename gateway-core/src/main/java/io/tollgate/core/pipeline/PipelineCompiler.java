package io.tollgate.core.pipeline;

import io.tollgate.core.api.Integration;
import io.tollgate.core.api.Route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Compiles each route into its own pipeline: the stages the route configures, ordered by {@link Phase}, folded around
 * its integration into one {@link ExchangeHandler}. A route with no stage is its bare integration.
 */
public final class PipelineCompiler {

    private final List<StageFactory> stageFactories;
    private final List<IntegrationFactory> integrationFactories;
    private final boolean observed;

    public PipelineCompiler(List<StageFactory> stageFactories, List<IntegrationFactory> integrationFactories) {
        this(stageFactories, integrationFactories, false);
    }

    /**
     * @param observed whether requests may be observed ({@link RequestListener}s): integrations are then timed (and
     *                 traced) on observed requests; otherwise nothing is compiled in for it
     */
    public PipelineCompiler(List<StageFactory> stageFactories, List<IntegrationFactory> integrationFactories,
                            boolean observed) {
        this.stageFactories = List.copyOf(stageFactories);
        this.integrationFactories = List.copyOf(integrationFactories);
        this.observed = observed;
    }

    /** A compiled pipeline and the names of its stages, outermost first, ending with the integration. */
    public record CompiledPipeline(ExchangeHandler handler, List<String> stages) {
    }

    /** Compiles a route of an API stage. */
    public CompiledPipeline compile(RouteContext context) {
        Route route = context.route().orElseThrow();
        Integration integration = route.integration();
        ExchangeHandler terminal = integrationFactories.stream()
                .map(f -> f.create(context, integration))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no integration factory handles " + integration.type()
                        + " integrations (route '" + route.key() + "' of api '" + context.api().name()
                        + "'): is that integration type turned off?"));
        String type = integration.type().name().toLowerCase(java.util.Locale.ROOT);
        return fold(context, observed ? IntegrationTiming.timed(terminal, type) : terminal, type);
    }

    /** Compiles the pipeline that answers requests of an API stage that no route matched. */
    public CompiledPipeline compileUnmatched(RouteContext context, ExchangeHandler terminal) {
        return fold(context, terminal, "gateway-response");
    }

    private CompiledPipeline fold(RouteContext context, ExchangeHandler terminal, String terminalName) {
        List<PipelineStage> stages = new ArrayList<>();
        for (StageFactory factory : stageFactories) {
            factory.create(context).ifPresent(stages::add);
        }
        stages.sort(Comparator.comparing(PipelineStage::phase));
        ExchangeHandler handler = terminal;
        for (int i = stages.size() - 1; i >= 0; i--) {
            PipelineStage stage = stages.get(i);
            ExchangeHandler next = handler;
            handler = exchange -> stage.apply(exchange, next);
        }
        List<String> names = new ArrayList<>();
        stages.forEach(s -> names.add(s.phase().name().toLowerCase(java.util.Locale.ROOT) + ":" + s.name()));
        names.add("integration:" + terminalName);
        return new CompiledPipeline(handler, List.copyOf(names));
    }
}
